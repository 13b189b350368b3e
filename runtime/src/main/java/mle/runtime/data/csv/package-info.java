/**
 * The CSV reader: a data file's wanted columns into a {@link mle.runtime.data.DataTable}, every problem a
 * {@link mle.runtime.data.DataException} with line and column. It builds on {@code mle.runtime.data}, never the reverse.
 *
 * <p>{@link mle.runtime.data.csv.CsvReader} is the entry; {@link mle.runtime.data.csv.NumberCells} the one grammar of
 * numbers in data (Spark's reader uses it too). Inside, one {@code FileReading} reads one file: {@code FileStart} looks
 * at its first bytes (byte-order mark, encodings refused, the separator), FastCSV splits the records, and a
 * {@code ColumnCollector} takes their fields, parsing only the wanted ones straight into column arrays, where a
 * {@code HeaderMatch} says which field holds which wanted name and {@code LevelNames} numbers a column of names. A large
 * file is read by {@code ReadingInParts}, one part per core, joined in file order. {@code FileErrors} words what is
 * wrong with the file's bytes or syntax.
 */
package mle.runtime.data.csv;

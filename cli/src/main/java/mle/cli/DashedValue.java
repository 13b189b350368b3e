package mle.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Stack;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Lets a file option's value begin with '-' (a data file named {@code -d.csv}), as GNU getopt does: written
 * {@code --data=-d.csv}, or {@code --data -d.csv} where {@code -d.csv} is none of the command's options. picocli
 * alone refuses both, taking the value for an option given in its place. A value that is an option of the command
 * ({@code --data --json out.json}) is still refused: the file was forgotten. "-" is left to the option itself.
 */
public final class DashedValue implements CommandLine.IParameterPreprocessor {
    @Override
    public boolean preprocess(Stack<String> args, CommandSpec command, ArgSpec option, Map<String, Object> info) {
        if (args.isEmpty() || !args.peek().startsWith("-") || args.peek().equals("-")) return false;
        String value = args.peek();
        boolean attached = !" ".equals(info.get("separator"));   // "=" for --data=x, "" for -dx
        int equals = value.indexOf('=');
        if (!attached && command.findOption(equals > 0 ? value.substring(0, equals) : value) != null) return false;
        args.pop();
        option.setValue(option.type() == Path.class ? Path.of(value) : value);
        return true;
    }
}

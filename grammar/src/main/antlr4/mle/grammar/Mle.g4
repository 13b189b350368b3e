// The grammar of .mle model files. Newlines are not significant: every statement begins with a
// keyword, a function head `name(` ... `) =`, or a sampling target followed by `~`.
// Every alternative is labelled and its parts are named so that the generated visitor reads well.
grammar Mle;

model
    : header? statement* EOF
    ;

// Entry rule for a single expression, used by tests and by `--set` values.
standaloneExpression
    : expression EOF
    ;

header
    : MODEL name=identifier
    ;

statement
    : DATA dataItem (',' dataItem)*                                  # dataDeclaration
    | PARAM paramItem (',' paramItem)* constraint?                    # paramDeclaration
    | CONST constItem (',' constItem)*                                # constDeclaration
    | LET name=identifier '=' value=expression                        # letDeclaration
    | name=identifier '(' inputs=nameList? (';' params=nameList?)? ')' '=' body=functionBody   # functionDeclaration
    | target=expression TILDE distribution=identifier '(' arguments? ')'                       # sampling
    ;

dataItem
    : name=identifier ('[' size=expression ']')?
    ;

paramItem
    : name=identifier ('[' size=expression ']')?
    ;

constItem
    : name=identifier ('[' size=expression ']')? '=' value=expression
    ;

constraint
    : '>' lower=expression                                            # lowerBound
    | '<' upper=expression                                            # upperBound
    | IN '(' lower=expression ',' upper=expression ')'                # interval
    ;

nameList
    : identifier (',' identifier)*
    ;

functionBody
    : '{' functionLet* result=expression '}'                          # blockBody
    | result=expression                                               # expressionBody
    ;

functionLet
    : LET name=identifier '=' value=expression
    ;

arguments
    : argument (',' argument)*
    ;

argument
    : (name=identifier '=')? value=expression
    ;

expressionList
    : expression (',' expression)*
    ;

expression
    : '(' inner=expression ')'                                                    # parenthesized
    | callee=identifier '(' inputs=expressionList? (';' params=expressionList?)? ')'  # call
    | base=identifier '[' index=expression ']'                                    # indexing
    | <assoc=right> left=expression op=POW right=expression                       # power
    | op=(MINUS | PLUS) operand=expression                                        # unary
    | left=expression op=(TIMES | DIVIDE) right=expression                        # multiplicative
    | left=expression op=(PLUS | MINUS) right=expression                          # additive
    | '[' elements=expressionList ']'                                             # vectorLiteral
    | NUMBER                                                                      # number
    | identifier                                                                  # name
    ;

identifier
    : IDENTIFIER
    ;

MODEL : 'model' ;
DATA  : 'data' ;
PARAM : 'param' ;
CONST : 'const' ;
LET   : 'let' ;
IN    : 'in' ;

TILDE  : '~' ;
POW    : '^' ;
PLUS   : '+' ;
MINUS  : '-' | '\u2212' ;                 // ASCII hyphen-minus or the Unicode minus sign
TIMES  : '*' | '\u00D7' | '\u00B7' ;      // *, ×, ·
DIVIDE : '/' | '\u00F7' ;                 // /, ÷

// ASCII digits only: Character.isDigit would also accept other scripts' digits.
NUMBER
    : DIGITS ('.' DIGITS?)? EXPONENT?
    | '.' DIGITS EXPONENT?
    ;

IDENTIFIER
    : ID_START ID_PART*
    ;

LINE_COMMENT : ('#' | '//') ~[\r\n]* -> skip ;
WHITESPACE   : [ \t\r\n\u00A0\uFEFF]+ -> skip ;

// Anything else becomes a token of its own so that the parser reports it with a position.
UNEXPECTED_CHARACTER : . ;

fragment DIGITS   : [0-9]+ ;
fragment EXPONENT : [eE] [+-]? DIGITS ;
fragment ID_START : [\p{L}] | '_' ;
fragment ID_PART  : [\p{L}\p{Nd}\p{No}] | '_' | '\'' ;

// The grammar of .mle model files. Newlines are not significant: every statement begins with a
// keyword, a function head `name(` ... `) =`, a sampling target followed by `~`, `target +=` or `report name =`.
// Every alternative is labelled and its parts are named so that the generated visitor reads well.
grammar Mle;

model
    : header? statement* EOF
    ;

header
    : MODEL name=identifier
    ;

statement
    : DATA dataItem (COMMA dataItem)*                                  # dataDeclaration
    | PARAM paramItem (COMMA paramItem)*                                # paramDeclaration
    // `random u[K]`: latent variables integrated out of the likelihood, not estimated. A constraint parses so that the
    // checker can say why there is none.
    | RANDOM paramItem (COMMA paramItem)*                               # randomDeclaration
    | CONST constItem (COMMA constItem)*                                # constDeclaration
    | LET name=identifier EQUALS value=expression                        # letDeclaration
    | name=identifier LPAREN inputs=nameList? (SEMICOLON params=nameList?)? RPAREN EQUALS body=functionBody   # functionDeclaration
    | target=expression TILDE distribution=identifier LPAREN arguments? RPAREN                       # sampling
    // `target += expression`, Stan's free log-density term; `target` is not reserved, the checker insists on it.
    | name=identifier PLUS_EQUALS value=expression                                                   # increment
    // `report odds = exp(b)`, a derived quantity; `report` is not reserved, the checker insists on it.
    | keyword=identifier name=identifier EQUALS value=expression                                      # report
    ;

dataItem
    : name=identifier (LBRACKET size=expression RBRACKET)?
    ;

// `param σ > 0, ν > 2` constrains each; in `param a, b > 0` a constraint on the last of several
// unconstrained names applies to all of them, as "a, b > 0" reads in mathematics.
paramItem
    : name=identifier (LBRACKET size=expression RBRACKET)? constraint?
    ;

constItem
    : name=identifier (LBRACKET size=expression RBRACKET)? EQUALS value=expression
    ;

constraint
    : GREATER lower=expression                                            # lowerBound
    | LESS upper=expression                                            # upperBound
    | IN LPAREN lower=expression COMMA upper=expression RPAREN                # interval
    ;

nameList
    : identifier (COMMA identifier)*
    ;

functionBody
    : LBRACE functionLet* result=expression RBRACE                          # blockBody
    | result=expression                                               # expressionBody
    ;

functionLet
    : LET name=identifier EQUALS value=expression
    ;

arguments
    : argument (COMMA argument)*
    ;

argument
    : (name=identifier EQUALS)? value=expression
    ;

expressionList
    : expression (COMMA expression)*
    ;

expression
    : LPAREN inner=expression RPAREN                                                    # parenthesized
    | callee=identifier LPAREN inputs=expressionList? (SEMICOLON params=expressionList?)? RPAREN  # call
    | base=identifier LBRACKET index=expression RBRACKET                                    # indexing
    | <assoc=right> left=expression op=POW right=expression                       # power
    | op=(MINUS | PLUS) operand=expression                                        # unary
    | left=expression op=(TIMES | DIVIDE) right=expression                        # multiplicative
    | left=expression op=(PLUS | MINUS) right=expression                          # additive
    | LBRACKET elements=expressionList RBRACKET                                             # vectorLiteral
    | NUMBER                                                                      # number
    | identifier                                                                  # name
    ;

identifier
    : IDENTIFIER
    ;

MODEL : 'model' ;
DATA  : 'data' ;
PARAM : 'param' ;
RANDOM : 'random' ;
CONST : 'const' ;
LET   : 'let' ;
IN    : 'in' | '\u2208' ;             // in, or ∈ as mathematics writes it

LPAREN    : '(' ;
RPAREN    : ')' ;
LBRACKET  : '[' ;
RBRACKET  : ']' ;
LBRACE    : '{' ;
RBRACE    : '}' ;
COMMA     : ',' ;
SEMICOLON : ';' ;
EQUALS    : '=' ;
GREATER   : '>' ;
LESS      : '<' ;
TILDE     : '~' ;
PLUS_EQUALS : '+=' ;
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
// Combining marks too: `é` typed as e and an accent (TokenLimits refuses the invisible ones).
fragment ID_PART  : [\p{L}\p{Nd}\p{No}\p{Mn}\p{Mc}] | '_' | '\'' ;

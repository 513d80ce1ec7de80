using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Automations.Testing.Fakes.GraphQl;

/// <summary>
/// Reads the one operation of a GraphQL document: its type, name, variable definitions and selection set,
/// with aliases and arguments (variables, strings, numbers, booleans, null, enums, lists and objects).
/// Fragments and directives are refused; the engine sends neither.
/// </summary>
public sealed class GraphQlParser
{
    private readonly string _text;
    private int _at;

    private GraphQlParser(string text) => _text = text;

    /// <summary>The operation; a <see cref="GraphQlSyntaxException"/> with GraphQL's wording when the document is not one.</summary>
    public static GraphQlOperation Parse(string document)
    {
        var parser = new GraphQlParser(document);
        var operation = parser.Operation();
        if (parser.Peek() is { } extra)
        {
            throw new GraphQlSyntaxException($"Syntax Error: Unexpected \"{extra}\"; a document of one operation was expected.");
        }

        return operation;
    }

    private GraphQlOperation Operation()
    {
        if (Peek() == '{')
        {
            return new GraphQlOperation("query", null, new Dictionary<string, string>(), SelectionSet());
        }

        var type = Name();
        if (type is not ("query" or "mutation"))
        {
            throw new GraphQlSyntaxException($"Syntax Error: Unexpected Name \"{type}\"; query or mutation was expected.");
        }

        var name = Peek() is { } c && IsNameStart(c) ? Name() : null;
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Accept('('))
        {
            while (!Accept(')'))
            {
                Expect('$');
                var variable = Name();
                Expect(':');
                variables[variable] = TypeReference();
                if (Accept('='))
                {
                    Value();
                }
            }
        }

        return new GraphQlOperation(type, name, variables, SelectionSet());
    }

    private List<GraphQlField> SelectionSet()
    {
        Expect('{');
        var fields = new List<GraphQlField>();
        while (!Accept('}'))
        {
            if (Peek() is '.' or '@')
            {
                throw new GraphQlSyntaxException("Syntax Error: fragments and directives are not read by this server.");
            }

            var first = Name();
            string? alias = null;
            var name = first;
            if (Accept(':'))
            {
                alias = first;
                name = Name();
            }

            var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (Accept('('))
            {
                while (!Accept(')'))
                {
                    var argument = Name();
                    Expect(':');
                    arguments[argument] = Value();
                }
            }

            fields.Add(new GraphQlField(alias, name, arguments, Peek() == '{' ? SelectionSet() : []));
        }

        return fields;
    }

    private string TypeReference()
    {
        string type;
        if (Accept('['))
        {
            type = "[" + TypeReference() + "]";
            Expect(']');
        }
        else
        {
            type = Name();
        }

        return Accept('!') ? type + "!" : type;
    }

    private object? Value()
    {
        var next = Peek() ?? throw new GraphQlSyntaxException("Syntax Error: Unexpected <EOF>.");
        if (Accept('$'))
        {
            return new GraphQlVariable(Name());
        }

        if (next == '"')
        {
            return JsonValue.Create(StringValue());
        }

        if (next == '-' || char.IsAsciiDigit(next))
        {
            var start = _at;
            while (_at < _text.Length && (char.IsAsciiDigit(_text[_at]) || _text[_at] is '-' or '.' or 'e' or 'E' or '+'))
            {
                _at++;
            }

            return JsonNode.Parse(_text[start.._at]);
        }

        if (Accept('['))
        {
            var list = new JsonArray();
            while (!Accept(']'))
            {
                list.Add(Literal(Value()));
            }

            return list;
        }

        if (Accept('{'))
        {
            var fields = new JsonObject();
            while (!Accept('}'))
            {
                var field = Name();
                Expect(':');
                fields[field] = Literal(Value());
            }

            return fields;
        }

        var word = Name();
        return word switch
        {
            "true" => JsonValue.Create(true),
            "false" => JsonValue.Create(false),
            "null" => null,
            _ => JsonValue.Create(word),
        };
    }

    /// <summary>A value inside a list or an input object; a variable there is kept as its <c>$name</c>.</summary>
    private static JsonNode? Literal(object? value) => value is GraphQlVariable variable ? JsonValue.Create("$" + variable.Name) : (JsonNode?)value;

    private string StringValue()
    {
        Expect('"');
        var text = new StringBuilder();
        while (_at < _text.Length && _text[_at] != '"')
        {
            if (_text[_at] == '\\' && _at + 1 < _text.Length)
            {
                _at++;
                text.Append(_text[_at] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var c => c });
            }
            else
            {
                text.Append(_text[_at]);
            }

            _at++;
        }

        Expect('"');
        return text.ToString();
    }

    private string Name()
    {
        if (Peek() is not { } c || !IsNameStart(c))
        {
            throw new GraphQlSyntaxException(Peek() is { } found ? $"Syntax Error: Expected Name, found \"{found}\"." : "Syntax Error: Expected Name, found <EOF>.");
        }

        var start = _at;
        while (_at < _text.Length && (char.IsAsciiLetterOrDigit(_text[_at]) || _text[_at] == '_'))
        {
            _at++;
        }

        return _text[start.._at];
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    /// <summary>The next significant character (commas and comments are insignificant in GraphQL), or null at the end.</summary>
    private char? Peek()
    {
        while (_at < _text.Length)
        {
            if (char.IsWhiteSpace(_text[_at]) || _text[_at] == ',')
            {
                _at++;
            }
            else if (_text[_at] == '#')
            {
                while (_at < _text.Length && _text[_at] != '\n')
                {
                    _at++;
                }
            }
            else
            {
                return _text[_at];
            }
        }

        return null;
    }

    private bool Accept(char c)
    {
        if (Peek() != c)
        {
            return false;
        }

        _at++;
        return true;
    }

    private void Expect(char c)
    {
        if (!Accept(c))
        {
            throw new GraphQlSyntaxException(string.Create(CultureInfo.InvariantCulture, $"Syntax Error: Expected \"{c}\", found {(Peek() is { } found ? $"\"{found}\"" : "<EOF>")}."));
        }
    }
}

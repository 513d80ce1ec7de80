using System.Text.Json.Nodes;

namespace Automations.Testing.Fakes.GraphQl;

/// <summary>
/// The types a GraphQL server serves, enough to check an operation as a GraphQL server does before it runs
/// it, and to answer with exactly the fields asked for. Each type maps its fields to their type
/// (<c>String</c>, <c>Issue</c>, <c>[Comment]</c>) and the arguments they take (<c>!</c>: required).
/// </summary>
public sealed class GraphQlSchema(IReadOnlyDictionary<string, IReadOnlyDictionary<string, (string Type, string[] Arguments)>> types)
{
    private static readonly HashSet<string> Scalars = new(StringComparer.Ordinal) { "ID", "String", "Int", "Float", "Boolean", "DateTime", "JSON" };

    /// <summary>What a GraphQL server would say about the operation before running it: unknown fields and arguments, missing selections or arguments, undefined variables.</summary>
    public IReadOnlyList<string> Validate(GraphQlOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var errors = new List<string>();
        Validate(operation.Type == "mutation" ? "Mutation" : "Query", operation.Selections, operation, errors);
        return errors;
    }

    /// <summary>
    /// <paramref name="value"/> with only the fields <paramref name="selections"/> ask for, under their keys;
    /// <paramref name="resolve"/> gives a field's value from its parent (a field with arguments, such as a connection).
    /// </summary>
    public static JsonNode? Project(JsonNode? value, IReadOnlyList<GraphQlField> selections, Func<JsonObject, GraphQlField, JsonNode?> resolve)
    {
        ArgumentNullException.ThrowIfNull(selections);
        ArgumentNullException.ThrowIfNull(resolve);
        return value switch
        {
            JsonArray list => new JsonArray([.. list.Select(item => Project(item, selections, resolve))]),
            JsonObject parent when selections.Count > 0 => new JsonObject(selections.Select(f => KeyValuePair.Create(f.Key, Project(resolve(parent, f), f.Selections, resolve)))),
            _ => value?.DeepClone(),
        };
    }

    /// <summary>An argument's value, with a variable read from <paramref name="variables"/>.</summary>
    public static JsonNode? Argument(GraphQlField field, string name, JsonObject variables)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(variables);
        return field.Arguments.GetValueOrDefault(name) switch
        {
            GraphQlVariable variable => variables[variable.Name]?.DeepClone(),
            JsonNode literal => literal.DeepClone(),
            _ => null,
        };
    }

    private void Validate(string type, IReadOnlyList<GraphQlField> selections, GraphQlOperation operation, List<string> errors)
    {
        var fields = types[type];
        foreach (var field in selections)
        {
            if (field.Name == "__typename")
            {
                continue;
            }

            if (!fields.TryGetValue(field.Name, out var definition))
            {
                errors.Add($"Cannot query field \"{field.Name}\" on type \"{type}\".");
                continue;
            }

            foreach (var argument in field.Arguments)
            {
                if (!definition.Arguments.Any(a => a.TrimEnd('!') == argument.Key))
                {
                    errors.Add($"Unknown argument \"{argument.Key}\" on field \"{type}.{field.Name}\".");
                }
                else if (argument.Value is GraphQlVariable variable && !operation.Variables.ContainsKey(variable.Name))
                {
                    errors.Add($"Variable \"${variable.Name}\" is not defined by operation \"{operation.Name}\".");
                }
            }

            foreach (var required in definition.Arguments.Where(a => a.EndsWith('!')).Select(a => a.TrimEnd('!')).Where(a => !field.Arguments.ContainsKey(a)))
            {
                errors.Add($"Field \"{type}.{field.Name}\" argument \"{required}\" is required, but it was not provided.");
            }

            var named = definition.Type.Trim('[', ']', '!');
            if (Scalars.Contains(named))
            {
                if (field.Selections.Count > 0)
                {
                    errors.Add($"Field \"{field.Name}\" must not have a selection since type \"{definition.Type}\" has no subfields.");
                }
            }
            else if (field.Selections.Count == 0)
            {
                errors.Add($"Field \"{field.Name}\" of type \"{definition.Type}\" must have a selection of subfields. Did you mean \"{field.Name} {{ ... }}\"?");
            }
            else
            {
                Validate(named, field.Selections, operation, errors);
            }
        }
    }
}

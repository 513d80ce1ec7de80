using System.Diagnostics.CodeAnalysis;

namespace Automations.Integrations.Http;

/// <summary>What a provider call gives back: its value, or the provider's error. Expected failures are values, not exceptions.</summary>
public sealed class ProviderResult<T>
{
    private ProviderResult(T? value, ProviderError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public ProviderError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    public static ProviderResult<T> Ok(T value) => new(value, null);

    public static ProviderResult<T> Fail(ProviderError error) => new(default, error ?? throw new ArgumentNullException(nameof(error)));

    /// <summary>The same error, as the result of another type.</summary>
    public ProviderResult<TOther> As<TOther>() =>
        Error is null ? throw new InvalidOperationException("A successful result has no error to pass on.") : ProviderResult<TOther>.Fail(Error);

#pragma warning disable CA2225 // Ok and Fail are the named alternatives.
    public static implicit operator ProviderResult<T>(T value) => Ok(value);

    public static implicit operator ProviderResult<T>(ProviderError error) => Fail(error);
#pragma warning restore CA2225

    public override string ToString() => Succeeded ? $"Ok({Value})" : $"Fail({Error})";
}

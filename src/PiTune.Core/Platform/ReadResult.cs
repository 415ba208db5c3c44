using System.Diagnostics.CodeAnalysis;

namespace PiTune.Core.Platform;

/// <summary>
/// The outcome of reading one kernel attribute: a value, or why there is none.
/// Expected faults are values, never exceptions; the path and detail say exactly what went wrong.
/// </summary>
public readonly struct ReadResult<T>
{
    private readonly T? _value;

    private ReadResult(ReadStatus status, T? value, string? path, string? detail)
    {
        Status = status;
        _value = value;
        Path = path;
        Detail = detail;
    }

    public ReadStatus Status { get; }

    /// <summary>The file read, as the caller named it (root-relative); null for synthetic results.</summary>
    public string? Path { get; }

    /// <summary>What was wrong, for the log: e.g. "expected an integer, found 'abc'".</summary>
    public string? Detail { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    public bool IsOk => Status == ReadStatus.Ok;

    /// <summary>The value; only meaningful when <see cref="IsOk"/>.</summary>
    public T? Value => _value;

    public static ReadResult<T> Ok(T value) => new(ReadStatus.Ok, value, null, null);

    public static ReadResult<T> Fail(ReadStatus status, string? path, string? detail = null) =>
        status == ReadStatus.Ok
            ? throw new ArgumentException("A failure needs a failing status.", nameof(status))
            : new(status, default, path, detail);

    /// <summary>Carries this failure over to a result of another type.</summary>
    public ReadResult<TOther> As<TOther>() => ReadResult<TOther>.Fail(Status, Path, Detail);

    public T GetValueOrDefault(T fallback) => IsOk ? _value! : fallback;

    /// <summary>A one-line description of the fault, for logs: "sys/.../temp: garbage (expected an integer, found 'x')".</summary>
    public string Describe() => Status switch
    {
        ReadStatus.Ok => $"{Path}: ok",
        ReadStatus.Missing => $"{Path}: missing",
        ReadStatus.Empty => $"{Path}: empty",
        ReadStatus.Garbage => $"{Path}: garbage ({Detail})",
        ReadStatus.PermissionDenied => $"{Path}: permission denied",
        // The detail names the errno in words ("it is a directory, not a kernel attribute"); EIO says "Input/output error".
        _ => $"{Path}: {Detail ?? "I/O error"}",
    };

    public override string ToString() => IsOk ? $"Ok({_value})" : Describe();
}

namespace PiTune.Core.Platform;

/// <summary>The <c>vm.*</c> sysctls (<c>/proc/sys/vm/*</c>).</summary>
public interface IVmTunables
{
    /// <summary>The tunable for a key such as <c>swappiness</c>; null when the key is not a plain name.</summary>
    Tunable? Get(string key);

    bool Exists(string key);

    ReadResult<long> ReadInteger(string key);
}

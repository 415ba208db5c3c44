using PiTune.Core.Memory;
using PiTune.Core.Platform;
using PiTune.Linux.Files;
using PiTune.Linux.Parsing;

namespace PiTune.Linux.Proc;

/// <summary>
/// The <c>vm.*</c> sysctls as files under <c>/proc/sys/vm</c>. Keys are plain names (<c>swappiness</c>):
/// anything with a slash, dot or other character could reach outside the directory, so it is refused
/// (an inner '-' is allowed: <c>page-cluster</c>).
/// </summary>
internal sealed class ProcVmTunables(ISysFiles files) : IVmTunables
{
    private readonly ISysFiles _files = files ?? throw new ArgumentNullException(nameof(files));

    public static bool IsPlainName(string? key) => VmSysctlRanges.IsPlainName(key);

    public Tunable? Get(string key) => IsPlainName(key) ? new Tunable($"{SysPaths.Vm}/{key}") : null;

    public bool Exists(string key) => Get(key) is { } tunable && _files.Exists(tunable.RelativePath);

    public ReadResult<long> ReadInteger(string key) => Get(key) is { } tunable
        ? SysRead.Small(_files, tunable.RelativePath, SysfsParse.Int64)
        : ReadResult<long>.Fail(ReadStatus.Missing, key, "not a plain vm sysctl name");
}

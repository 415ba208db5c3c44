using System.Globalization;
using Microsoft.Extensions.Options;
using PiTune.Core.Memory;
using PiTune.Core.Platform;
using PiTune.Linux;
using PiTune.Linux.Files;

namespace PiTune.Memory;

/// <summary>
/// The part of <c>Memory</c> validation that needs the machine: every configured vm sysctl must exist under
/// <c>{root}/proc/sys/vm</c>, and <c>vm.swappiness</c> above 100 needs Linux 5.8. Registered by the daemon only (the
/// root is known at run time), so a bad key fails the start with exit 78 and a bad reload is rejected, naming the key;
/// <c>pitune check-config</c> checks the machine-independent rest. A root with no <c>proc/sys/vm</c> at all (an empty
/// test tree) is not an error: the job then logs once that the tunables are inactive.
/// </summary>
internal sealed class MemoryKernelValidator(IMachine machine, ISysFiles files) : IValidateOptions<MemoryOptions>
{
    public ValidateOptionsResult Validate(string? name, MemoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled || !files.Exists(SysPaths.Vm))
        {
            return ValidateOptionsResult.Success;
        }

        Version? kernel = KernelVersion(files);
        var failures = new List<string>();
        foreach ((string key, long value) in options.VmSettings())
        {
            string configKey = key switch
            {
                VmSysctlRanges.Swappiness => "Memory:Swappiness",
                VmSysctlRanges.VfsCachePressure => "Memory:VfsCachePressure",
                _ => $"Memory:Sysctl:{key}",
            };

            if (!machine.Vm.Exists(key))
            {
                failures.Add($"{configKey}: vm.{key} does not exist on this kernel ({Path.Join(files.Root, SysPaths.Vm, key)} is not there)");
            }
            else if (kernel is not null && MemoryOptionsValidator.RangeProblem(configKey, key, value, kernel) is { } problem)
            {
                failures.Add(problem);
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Major.minor of <c>/proc/sys/kernel/osrelease</c> ("6.6.31+rpt-rpi-2712" → 6.6); null when absent or odd.</summary>
    internal static Version? KernelVersion(ISysFiles files)
    {
        ReadResult<string> release = files.ReadText("proc/sys/kernel/osrelease");
        if (!release.IsOk)
        {
            return null;
        }

        string[] parts = release.Value.Trim().Split('.', 3);
        return parts.Length >= 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int major)
            && int.TryParse(new string(parts[1].TakeWhile(char.IsAsciiDigit).ToArray()), NumberStyles.None, CultureInfo.InvariantCulture, out int minor)
            ? new Version(major, minor)
            : null;
    }
}

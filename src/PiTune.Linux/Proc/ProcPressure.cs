using PiTune.Core.Platform;
using PiTune.Linux.Files;
using PiTune.Linux.Parsing;

namespace PiTune.Linux.Proc;

/// <summary><c>/proc/pressure/{cpu,memory,io}</c>; each file is two short lines, read on the stack.</summary>
internal sealed class ProcPressure(ISysFiles files) : IPressure
{
    /// <summary>Two lines of about 60 bytes each, with room for totals of many digits.</summary>
    private const int FileBytes = 512;

    private static readonly string[] Paths =
    [
        $"{SysPaths.Pressure}/cpu",
        $"{SysPaths.Pressure}/memory",
        $"{SysPaths.Pressure}/io",
    ];

    private readonly ISysFiles _files = files ?? throw new ArgumentNullException(nameof(files));

    public static string PathOf(PressureResource resource) => resource switch
    {
        PressureResource.Cpu => Paths[0],
        PressureResource.Memory => Paths[1],
        PressureResource.Io => Paths[2],
        _ => throw new ArgumentOutOfRangeException(nameof(resource), resource, "Not a PSI resource."),
    };

    public ReadResult<PressureStall> Read(PressureResource resource) =>
        SysRead.Small(_files, PathOf(resource), PressureParse.Parse, FileBytes);
}

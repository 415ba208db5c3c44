using System.Globalization;
using PiTune.Core.Platform;
using PiTune.Linux.Files;

namespace PiTune.Linux.Fan;

/// <summary>
/// A sysfs child the kernel creates when its number is written to the parent's <c>export</c> (a PWM channel's
/// <c>pwmN</c> under <c>pwmchipM</c>, a GPIO line's <c>gpioN</c> under <c>/sys/class/gpio</c>), under the root like
/// every other file. One PiTune exported is unexported on <see cref="Release"/>; one that was there already (exported
/// by someone else, or left by a PiTune that was killed) is used and left exported, as found.
/// </summary>
internal sealed class SysfsExport(ISysFiles files, string parent, int number, string child)
{
    public string Child { get; } = child;

    /// <summary>Whether PiTune's own export created the child (so it is PiTune's to unexport).</summary>
    public bool Exported { get; private set; }

    public WriteResult Acquire()
    {
        if (files.Exists(Child))
        {
            return WriteResult.Ok(Child);
        }

        WriteResult export = files.WriteText(parent + "/export", number.ToString(CultureInfo.InvariantCulture));
        if (!export.IsOk)
        {
            return export;
        }

        // The kernel creates the child inside the export write; absent now, it is not coming.
        if (!files.Exists(Child))
        {
            return new WriteResult(ReadStatus.Missing, Child, $"writing {number} to {parent}/export did not create it");
        }

        Exported = true;
        return WriteResult.Ok(Child);
    }

    public WriteResult Release()
    {
        if (!Exported)
        {
            return WriteResult.Ok(Child);
        }

        Exported = false;
        return files.WriteText(parent + "/unexport", number.ToString(CultureInfo.InvariantCulture));
    }
}

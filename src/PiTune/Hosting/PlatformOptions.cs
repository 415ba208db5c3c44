namespace PiTune.Hosting;

/// <summary>Where the machine is (section <c>Platform</c>).</summary>
internal sealed class PlatformOptions
{
    public const string SectionName = "Platform";

    /// <summary>The directory treated as <c>/</c> for all sysfs and procfs access (<c>--root</c>). Changing it needs a restart.</summary>
    public string Root { get; set; } = "/";
}

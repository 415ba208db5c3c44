namespace PiTune.Api;

/// <summary>The local API (section <c>Api</c>).</summary>
internal sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>The Unix socket for status, metrics and inference. Under systemd, <c>RuntimeDirectory=pitune</c> creates <c>/run/pitune</c>.</summary>
    public string SocketPath { get; set; } = "/run/pitune/pitune.sock";
}

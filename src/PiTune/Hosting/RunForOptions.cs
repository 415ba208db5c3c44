namespace PiTune.Hosting;

/// <summary>The <c>--for</c> duration.</summary>
internal sealed record RunForOptions(TimeSpan Duration);

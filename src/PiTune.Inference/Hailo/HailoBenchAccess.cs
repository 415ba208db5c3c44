using System.Runtime.CompilerServices;

// bench/hailo's harness calls HailoNetwork.Run directly, beside the C baseline doing the same calls.
[assembly: InternalsVisibleTo("PiTune.HailoBench")]

namespace PiTune.Inference.Hailo;

/// <summary>One vstream as PiTune uses it: its name and shape, the user buffer's element type and bytes per frame.</summary>
internal sealed record HailoStreamInfo(string Name, int Height, int Width, int Features, HailoFormatType Type, int FrameBytes);

namespace PiTune.Inference.Hailo;

/// <summary><c>hailo_device_architecture_t</c>: the AI HAT+ carries a Hailo-8 (26 TOPS) or a Hailo-8L (13 TOPS).</summary>
internal enum HailoArchitecture
{
    Hailo8A0 = 0,
    Hailo8 = 1,
    Hailo8L = 2,
    Hailo15H = 3,
    Hailo15L = 4,
    Hailo15M = 5,
    Hailo10H = 6,
    Mars = 7,
}

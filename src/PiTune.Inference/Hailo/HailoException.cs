namespace PiTune.Inference.Hailo;

/// <summary>
/// A libhailort call that failed, or a model PiTune cannot serve. <see cref="Exception.Message"/> is one line for the
/// log and the model's state: the call, the library's name for the status and, for the statuses a HAT+ user meets,
/// what it means ("hailo_create_vdevice: HAILO_OUT_OF_PHYSICAL_DEVICES (74): no free Hailo device ...").
/// </summary>
internal sealed class HailoException : Exception
{
    public HailoException(HailoStatus status, string function, string? context = null)
        : base(Describe(status, function, context))
    {
        Status = status;
        Function = function;
    }

    private HailoException(HailoStatus status, string function, string message, bool _)
        : base(message)
    {
        Status = status;
        Function = function;
    }

    public HailoStatus Status { get; }

    /// <summary>The C function that failed, or "PiTune" when PiTune refused what the library accepted.</summary>
    public string Function { get; }

    /// <summary>A model the library loads but PiTune does not serve (two inputs, several network groups).</summary>
    public static HailoException Refused(HailoStatus status, string message) => new(status, "PiTune", message, false);

    /// <summary>The library's own name for a status (HAILO_TIMEOUT), or the enum's when the library is not loaded.</summary>
    public static string StatusName(HailoStatus status)
    {
        if (HailoLibrary.IsLoaded)
        {
            string? name = System.Runtime.InteropServices.Marshal.PtrToStringUTF8(Interop.HailoNative.GetStatusMessage(status));
            if (!string.IsNullOrEmpty(name))
                return name;
        }

        return "HAILO_" + status.ToString().ToUpperInvariant();
    }

    private static string Describe(HailoStatus status, string function, string? context)
    {
        string line = $"{function}: {StatusName(status)} ({(int)status})";
        string? hint = Hint(status);
        if (hint is not null)
            line += ": " + hint;
        return context is null ? line : $"{line} ({context})";
    }

    private static string? Hint(HailoStatus status) => status switch
    {
        HailoStatus.DriverNotInstalled => "the hailo_pci driver is not loaded (install hailo-all, reboot)",
        HailoStatus.OutOfPhysicalDevices => "no free Hailo device: none found, or another process holds it (share it with MultiProcessService and a GroupId)",
        HailoStatus.DeviceInUse => "the Hailo device is held by another process",
        HailoStatus.InvalidDriverVersion => "the hailo_pci driver's version differs from libhailort's; install matching versions",
        HailoStatus.DriverOperationFailed => "opening /dev/hailo0 or an ioctl failed (permissions? see dmesg)",
        HailoStatus.OpenFileFailure => "the model file cannot be read",
        HailoStatus.InvalidHef or HailoStatus.HefFileCorrupted => "the model file is not a valid HEF",
        HailoStatus.HefNotSupported => "the HEF was compiled by a Dataflow Compiler this HailoRT does not support",
        HailoStatus.HefNotCompatibleWithDevice => "the HEF was compiled for another chip (a Hailo-8L runs only Hailo-8L HEFs)",
        HailoStatus.Timeout => "the chip did not answer within the frame timeout",
        HailoStatus.InvalidOperation => "not allowed in this state (MultiProcessService needs a HailoRT built with the service)",
        HailoStatus.RpcFailed or HailoStatus.InvalidServiceVersion => "the hailort_service daemon is not running or is another version",
        _ => null,
    };
}

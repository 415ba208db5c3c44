using System.Runtime.InteropServices;

namespace PiTune.Inference.Hailo.Interop;

/// <summary>
/// The libhailort 4.21-4.23 C functions PiTune calls, in the header's parameter order (the HEF's out-param comes first
/// in <c>hailo_create_hef_file</c>). "hailort" resolves only through <see cref="HailoLibrary"/>'s resolver, to the one
/// file whose version it checked. Handles are opaque pointers; every function returns a <see cref="HailoStatus"/> and
/// its out-params are valid only on success.
/// </summary>
internal static unsafe partial class HailoNative
{
    public const string Library = "hailort";

    [LibraryImport(Library, EntryPoint = "hailo_get_library_version")]
    public static partial HailoStatus GetLibraryVersion(out HailoVersion version);

    [LibraryImport(Library, EntryPoint = "hailo_get_status_message")]
    public static partial nint GetStatusMessage(HailoStatus status);

    [LibraryImport(Library, EntryPoint = "hailo_init_vdevice_params")]
    public static partial HailoStatus InitVdeviceParams(out HailoVdeviceParams parameters);

    [LibraryImport(Library, EntryPoint = "hailo_create_vdevice")]
    public static partial HailoStatus CreateVdevice(in HailoVdeviceParams parameters, out nint vdevice);

    [LibraryImport(Library, EntryPoint = "hailo_release_vdevice")]
    public static partial HailoStatus ReleaseVdevice(nint vdevice);

    [LibraryImport(Library, EntryPoint = "hailo_get_physical_devices")]
    public static partial HailoStatus GetPhysicalDevices(nint vdevice, nint* devices, ref nuint count);

    [LibraryImport(Library, EntryPoint = "hailo_identify")]
    public static partial HailoStatus Identify(nint device, out HailoDeviceIdentity identity);

    [LibraryImport(Library, EntryPoint = "hailo_get_chip_temperature")]
    public static partial HailoStatus GetChipTemperature(nint device, out HailoChipTemperatureInfo info);

    [LibraryImport(Library, EntryPoint = "hailo_create_hef_file", StringMarshalling = StringMarshalling.Utf8)]
    public static partial HailoStatus CreateHefFile(out nint hef, string path);

    [LibraryImport(Library, EntryPoint = "hailo_release_hef")]
    public static partial HailoStatus ReleaseHef(nint hef);

    [LibraryImport(Library, EntryPoint = "hailo_hef_get_sorted_output_names")]
    public static partial HailoStatus HefGetSortedOutputNames(nint hef, nint networkGroupName, HailoLayerName* names, ref nuint count);

    [LibraryImport(Library, EntryPoint = "hailo_init_configure_params_by_vdevice")]
    public static partial HailoStatus InitConfigureParamsByVdevice(nint hef, nint vdevice, HailoConfigureParams* parameters);

    [LibraryImport(Library, EntryPoint = "hailo_configure_vdevice")]
    public static partial HailoStatus ConfigureVdevice(nint vdevice, nint hef, HailoConfigureParams* parameters, nint* networkGroups, ref nuint count);

    [LibraryImport(Library, EntryPoint = "hailo_set_scheduler_timeout")]
    public static partial HailoStatus SetSchedulerTimeout(nint networkGroup, uint timeoutMs, nint networkName);

    [LibraryImport(Library, EntryPoint = "hailo_set_scheduler_threshold")]
    public static partial HailoStatus SetSchedulerThreshold(nint networkGroup, uint threshold, nint networkName);

    [LibraryImport(Library, EntryPoint = "hailo_set_scheduler_priority")]
    public static partial HailoStatus SetSchedulerPriority(nint networkGroup, byte priority, nint networkName);

    [LibraryImport(Library, EntryPoint = "hailo_make_input_vstream_params")]
    public static partial HailoStatus MakeInputVstreamParams(
        nint networkGroup, [MarshalAs(UnmanagedType.U1)] bool unused, HailoFormatType formatType, HailoVstreamParamsByName* parameters, ref nuint count);

    [LibraryImport(Library, EntryPoint = "hailo_make_output_vstream_params")]
    public static partial HailoStatus MakeOutputVstreamParams(
        nint networkGroup, [MarshalAs(UnmanagedType.U1)] bool unused, HailoFormatType formatType, HailoVstreamParamsByName* parameters, ref nuint count);

    [LibraryImport(Library, EntryPoint = "hailo_create_input_vstreams")]
    public static partial HailoStatus CreateInputVstreams(nint networkGroup, HailoVstreamParamsByName* parameters, nuint count, nint* vstreams);

    [LibraryImport(Library, EntryPoint = "hailo_create_output_vstreams")]
    public static partial HailoStatus CreateOutputVstreams(nint networkGroup, HailoVstreamParamsByName* parameters, nuint count, nint* vstreams);

    [LibraryImport(Library, EntryPoint = "hailo_release_input_vstreams")]
    public static partial HailoStatus ReleaseInputVstreams(nint* vstreams, nuint count);

    [LibraryImport(Library, EntryPoint = "hailo_release_output_vstreams")]
    public static partial HailoStatus ReleaseOutputVstreams(nint* vstreams, nuint count);

    [LibraryImport(Library, EntryPoint = "hailo_get_input_vstream_frame_size")]
    public static partial HailoStatus GetInputVstreamFrameSize(nint vstream, out nuint size);

    [LibraryImport(Library, EntryPoint = "hailo_get_output_vstream_frame_size")]
    public static partial HailoStatus GetOutputVstreamFrameSize(nint vstream, out nuint size);

    [LibraryImport(Library, EntryPoint = "hailo_get_input_vstream_info")]
    public static partial HailoStatus GetInputVstreamInfo(nint vstream, out HailoVstreamInfo info);

    [LibraryImport(Library, EntryPoint = "hailo_get_output_vstream_info")]
    public static partial HailoStatus GetOutputVstreamInfo(nint vstream, out HailoVstreamInfo info);

    [LibraryImport(Library, EntryPoint = "hailo_vstream_write_raw_buffer")]
    public static partial HailoStatus VstreamWriteRawBuffer(nint vstream, nint buffer, nuint size);

    [LibraryImport(Library, EntryPoint = "hailo_vstream_read_raw_buffer")]
    public static partial HailoStatus VstreamReadRawBuffer(nint vstream, nint buffer, nuint size);

    /// <summary>A NUL-terminated name in a fixed C buffer (vstream and layer names).</summary>
    public static string ReadName(byte* name, int capacity)
    {
        var span = new ReadOnlySpan<byte>(name, capacity);
        int end = span.IndexOf((byte)0);
        return System.Text.Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
    }
}

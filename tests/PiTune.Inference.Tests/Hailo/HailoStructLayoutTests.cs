using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PiTune.Inference.Hailo.Interop;

namespace PiTune.Inference.Tests.Hailo;

/// <summary>Every struct crossing into libhailort against the sizes and offsets measured from its 4.23.0 header
/// (identical on x86_64 and aarch64); the fake asserts the same numbers in C.</summary>
public sealed class HailoStructLayoutTests
{
    [Fact]
    public void Sizes_match_libhailort_4_23()
    {
        Assert.Equal(12, Unsafe.SizeOf<HailoVersion>());
        Assert.Equal(40, Unsafe.SizeOf<HailoVdeviceParams>());
        Assert.Equal(12, Unsafe.SizeOf<HailoFormat>());
        Assert.Equal(12, Unsafe.SizeOf<HailoImageShape>());
        Assert.Equal(16, Unsafe.SizeOf<HailoQuantInfo>());
        Assert.Equal(28, Unsafe.SizeOf<HailoVstreamParams>());
        Assert.Equal(156, Unsafe.SizeOf<HailoVstreamParamsByName>());
        Assert.Equal(436, Unsafe.SizeOf<HailoVstreamInfo>());
        Assert.Equal(128, Unsafe.SizeOf<HailoLayerName>());
        Assert.Equal(140, Unsafe.SizeOf<HailoDeviceIdentity>());
        Assert.Equal(12, Unsafe.SizeOf<HailoChipTemperatureInfo>());
        Assert.Equal(10560, Unsafe.SizeOf<HailoConfigureNetworkGroupParams>());
        Assert.Equal(84488, Unsafe.SizeOf<HailoConfigureParams>());
    }

    [Fact]
    public void Offsets_match_libhailort_4_23()
    {
        Assert.Equal(4, Offset<HailoVersion>(nameof(HailoVersion.Minor)));
        Assert.Equal(8, Offset<HailoVersion>(nameof(HailoVersion.Revision)));

        Assert.Equal(8, Offset<HailoVdeviceParams>(nameof(HailoVdeviceParams.DeviceIds)));
        Assert.Equal(16, Offset<HailoVdeviceParams>(nameof(HailoVdeviceParams.SchedulingAlgorithm)));
        Assert.Equal(24, Offset<HailoVdeviceParams>(nameof(HailoVdeviceParams.GroupId)));
        Assert.Equal(32, Offset<HailoVdeviceParams>(nameof(HailoVdeviceParams.MultiProcessService)));

        Assert.Equal(4, Offset<HailoFormat>(nameof(HailoFormat.Order)));
        Assert.Equal(8, Offset<HailoFormat>(nameof(HailoFormat.Flags)));
        Assert.Equal(4, Offset<HailoImageShape>(nameof(HailoImageShape.Width)));
        Assert.Equal(8, Offset<HailoImageShape>(nameof(HailoImageShape.Features)));
        Assert.Equal(4, Offset<HailoQuantInfo>(nameof(HailoQuantInfo.Scale)));
        Assert.Equal(12, Offset<HailoQuantInfo>(nameof(HailoQuantInfo.LimitMax)));

        Assert.Equal(12, Offset<HailoVstreamParams>(nameof(HailoVstreamParams.TimeoutMs)));
        Assert.Equal(16, Offset<HailoVstreamParams>(nameof(HailoVstreamParams.QueueSize)));
        Assert.Equal(24, Offset<HailoVstreamParams>(nameof(HailoVstreamParams.PipelineElementsStatsFlags)));
        Assert.Equal(128, Offset<HailoVstreamParamsByName>(nameof(HailoVstreamParamsByName.Params)));

        Assert.Equal(128, Offset<HailoVstreamInfo>(nameof(HailoVstreamInfo.NetworkName)));
        Assert.Equal(388, Offset<HailoVstreamInfo>(nameof(HailoVstreamInfo.Direction)));
        Assert.Equal(392, Offset<HailoVstreamInfo>(nameof(HailoVstreamInfo.Format)));
        Assert.Equal(404, Offset<HailoVstreamInfo>(nameof(HailoVstreamInfo.Shape)));
        Assert.Equal(420, Offset<HailoVstreamInfo>(nameof(HailoVstreamInfo.QuantInfo)));

        Assert.Equal(4, Offset<HailoDeviceIdentity>(nameof(HailoDeviceIdentity.FirmwareVersion)));
        Assert.Equal(20, Offset<HailoDeviceIdentity>(nameof(HailoDeviceIdentity.BoardNameLength)));
        Assert.Equal(21, Offset<HailoDeviceIdentity>(nameof(HailoDeviceIdentity.BoardName)));
        Assert.Equal(53, Offset<HailoDeviceIdentity>(nameof(HailoDeviceIdentity.IsRelease)));
        Assert.Equal(56, Offset<HailoDeviceIdentity>(nameof(HailoDeviceIdentity.DeviceArchitecture)));
        Assert.Equal(60, Offset<HailoDeviceIdentity>(nameof(HailoDeviceIdentity.SerialNumberLength)));
        Assert.Equal(78, Offset<HailoDeviceIdentity>(nameof(HailoDeviceIdentity.PartNumber)));
        Assert.Equal(95, Offset<HailoDeviceIdentity>(nameof(HailoDeviceIdentity.ProductName)));

        Assert.Equal(4, Offset<HailoChipTemperatureInfo>(nameof(HailoChipTemperatureInfo.Ts1Temperature)));
        Assert.Equal(8, Offset<HailoChipTemperatureInfo>(nameof(HailoChipTemperatureInfo.SampleCount)));

        Assert.Equal(128, Offset<HailoConfigureNetworkGroupParams>(nameof(HailoConfigureNetworkGroupParams.BatchSize)));
        Assert.Equal(132, Offset<HailoConfigureNetworkGroupParams>(nameof(HailoConfigureNetworkGroupParams.PowerMode)));
        Assert.Equal(144, Offset<HailoConfigureNetworkGroupParams>(nameof(HailoConfigureNetworkGroupParams.StreamParamsByNameCount)));
        Assert.Equal(8472, Offset<HailoConfigureNetworkGroupParams>(nameof(HailoConfigureNetworkGroupParams.NetworkParamsByNameCount)));
        Assert.Equal(8, Offset<HailoConfigureParams>(nameof(HailoConfigureParams.NetworkGroupParams)));
    }

    [Fact]
    public unsafe void The_second_configure_group_starts_10560_bytes_after_the_first()
    {
        var parameters = new HailoConfigureParams();
        byte* start = (byte*)&parameters;
        byte* second = (byte*)Unsafe.AsPointer(ref parameters.NetworkGroupParams[1].BatchSize);
        Assert.Equal(8 + 10560 + 128, second - start);
    }

    [Fact]
    public void Status_codes_are_the_librarys()
    {
        Assert.Equal(94, Enum.GetValues<PiTune.Inference.Hailo.HailoStatus>().Length);
        Assert.Equal(4, (int)PiTune.Inference.Hailo.HailoStatus.Timeout);
        Assert.Equal(5, (int)PiTune.Inference.Hailo.HailoStatus.InsufficientBuffer);
        Assert.Equal(26, (int)PiTune.Inference.Hailo.HailoStatus.InvalidHef);
        Assert.Equal(64, (int)PiTune.Inference.Hailo.HailoStatus.DriverNotInstalled);
        Assert.Equal(73, (int)PiTune.Inference.Hailo.HailoStatus.DeviceInUse);
        Assert.Equal(74, (int)PiTune.Inference.Hailo.HailoStatus.OutOfPhysicalDevices);
        Assert.Equal(76, (int)PiTune.Inference.Hailo.HailoStatus.InvalidDriverVersion);
        Assert.Equal(91, (int)PiTune.Inference.Hailo.HailoStatus.HefFileCorrupted);
        Assert.Equal(93, (int)PiTune.Inference.Hailo.HailoStatus.HefNotCompatibleWithDevice);
    }

    private static int Offset<T>(string field) => (int)Marshal.OffsetOf<T>(field);
}

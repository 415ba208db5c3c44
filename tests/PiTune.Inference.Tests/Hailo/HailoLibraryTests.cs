using PiTune.Inference.Hailo;
using PiTune.TestSupport;

namespace PiTune.Inference.Tests.Hailo;

[Collection(nameof(HailoCollection))]
public sealed class HailoLibraryTests : IDisposable
{
    private readonly FakeChip _chip = new();

    public void Dispose() => _chip.Dispose();

    [Fact]
    public void Loads_a_verified_version_through_the_unversioned_link_and_then_does_nothing()
    {
        Assert.Equal(new Version(4, 23, 0), HailoLibrary.LoadedVersion);
        Assert.Equal(Path.Join(FakeHailort.LibraryDirectory(), "libhailort.so"), HailoLibrary.LoadedFile);
        Assert.Null(HailoLibrary.TryLoad("/nonexistent"));
        Assert.Equal(new Version(4, 23, 0), HailoLibrary.LoadedVersion);
    }

    [Fact]
    public void Refuses_a_library_whose_layouts_differ_naming_its_version_file_and_the_supported_range()
    {
        string file = FakeHailort.LibraryFile("4.19.0");

        string? error = HailoLibrary.Probe(file, out nint handle, out _, out Version? version);

        Assert.Equal($"libhailort 4.19.0 at {file}: PiTune supports 4.21.0-4.23.x (struct layouts differ)", error);
        Assert.Equal(0, handle);
        Assert.Equal(new Version(4, 19, 0), version);
    }

    [Fact]
    public void Finds_the_highest_versioned_name_in_a_folder_without_the_link()
    {
        string folder = _chip.Model("lib");
        Directory.CreateDirectory(folder);
        File.Copy(FakeHailort.LibraryFile("4.19.0"), Path.Join(folder, "libhailort.so.4.19.0"));
        File.Copy(FakeHailort.LibraryFile("4.22.1"), Path.Join(folder, "libhailort.so.4.22.1"));

        string? error = HailoLibrary.Probe(folder, out nint handle, out string? file, out Version? version);

        Assert.Null(error);
        Assert.Equal(Path.Join(folder, "libhailort.so.4.22.1"), file);
        Assert.Equal(new Version(4, 22, 1), version);
        System.Runtime.InteropServices.NativeLibrary.Free(handle);
    }

    [Fact]
    public void Refuses_hailort_5_for_the_hailo_10h()
    {
        string file = FakeHailort.LibraryFile("5.2.0");

        string? error = HailoLibrary.Probe(file, out _, out _, out _);

        Assert.Equal($"libhailort 5.2.0 at {file}: PiTune supports 4.21.0-4.23.x (HailoRT 5 drives the Hailo-10H of the AI HAT+ 2, which has no C inference path)", error);
    }

    [Fact]
    public void Names_the_folder_searched_when_there_is_no_library()
    {
        string? error = HailoLibrary.Probe(_chip.Models, out nint handle, out _, out _);

        Assert.Equal($"libhailort not found in {_chip.Models}; install hailo-all or set Inference:Hailo:LibraryPath", error);
        Assert.Equal(0, handle);
    }

    [Fact]
    public void Names_a_missing_file()
    {
        string missing = _chip.Model("libhailort.so.4.23.0");

        Assert.Equal($"libhailort not found at {missing}; install hailo-all or set Inference:Hailo:LibraryPath",
            HailoLibrary.Probe(missing, out _, out _, out _));
    }

    [Fact]
    public void Names_a_file_that_is_not_a_library()
    {
        string file = _chip.Model("libhailort.so");
        File.WriteAllText(file, "not an ELF file");

        string? error = HailoLibrary.Probe(file, out nint handle, out _, out _);

        Assert.NotNull(error);
        Assert.StartsWith($"libhailort at {file} could not be loaded: ", error);
        Assert.DoesNotContain('\n', error);
        Assert.Equal(0, handle);
    }

    [Fact]
    public void Status_messages_are_the_librarys_names()
    {
        var ex = new HailoException(HailoStatus.OutOfPhysicalDevices, "hailo_create_vdevice");

        Assert.Equal(HailoStatus.OutOfPhysicalDevices, ex.Status);
        Assert.StartsWith("hailo_create_vdevice: HAILO_OUT_OF_PHYSICAL_DEVICES (74): no free Hailo device", ex.Message);
        Assert.Equal("HAILO_HEF_NOT_COMPATIBLE_WITH_DEVICE", HailoException.StatusName(HailoStatus.HefNotCompatibleWithDevice));
        Assert.Equal("HAILO_TIMEOUT", HailoException.StatusName(HailoStatus.Timeout));
    }
}

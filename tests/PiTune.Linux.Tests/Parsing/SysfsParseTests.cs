using System.Text;
using PiTune.Core.Platform;
using PiTune.Core.Units;
using PiTune.Linux.Parsing;

namespace PiTune.Linux.Tests.Parsing;

public sealed class SysfsParseTests
{
    private const string Path = "sys/x/attr";

    private static byte[] B(string text) => Encoding.UTF8.GetBytes(text);

    [Theory]
    [InlineData("42\n", 42)]
    [InlineData("0", 0)]
    [InlineData("-7\n", -7)]
    [InlineData("  1500000 \n", 1500000)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    public void An_integer_parses_with_its_framing_whitespace(string text, long expected)
    {
        ReadResult<long> result = SysfsParse.Int64(B(text), Path);

        Assert.True(result.IsOk, result.ToString());
        Assert.Equal(expected, result.Value);
    }

    [Theory]
    [InlineData("12abc\n", "expected an integer, found '12abc'")]
    [InlineData("abc", "expected an integer, found 'abc'")]
    [InlineData("+5", "expected an integer, found '+5'")]
    [InlineData("1 2", "expected an integer, found '1 2'")]
    [InlineData("0x10", "expected an integer, found '0x10'")]
    [InlineData("-", "expected an integer, found '-'")]
    [InlineData("1.5", "expected an integer, found '1.5'")]
    [InlineData("9223372036854775808", "integer out of range, found '9223372036854775808'")]
    [InlineData("99999999999999999999999", "integer out of range, found '99999999999999999999999'")]
    public void Garbage_is_rejected_with_a_detail_quoting_what_was_found(string text, string detail)
    {
        ReadResult<long> result = SysfsParse.Int64(B(text), Path);

        Assert.Equal(ReadStatus.Garbage, result.Status);
        Assert.Equal(Path, result.Path);
        Assert.Equal(detail, result.Detail);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("  \n")]
    public void Nothing_but_whitespace_is_empty(string text)
    {
        ReadResult<long> result = SysfsParse.Int64(B(text), Path);

        Assert.Equal(ReadStatus.Empty, result.Status);
        Assert.Equal(Path, result.Path);
    }

    [Fact]
    public void A_32_bit_value_out_of_range_is_garbage()
    {
        ReadResult<int> result = SysfsParse.Int32(B("4294967296\n"), Path);

        Assert.Equal(ReadStatus.Garbage, result.Status);
        Assert.Equal("integer out of range, found '4294967296'", result.Detail);
    }

    [Fact]
    public void A_negative_count_is_garbage()
    {
        ReadResult<int> result = SysfsParse.NonNegativeInt32(B("-1\n"), Path);

        Assert.Equal(ReadStatus.Garbage, result.Status);
        Assert.Equal("expected a non-negative integer, found '-1'", result.Detail);
    }

    [Fact]
    public void Millidegrees_become_degrees_including_below_zero()
    {
        Assert.Equal(new Celsius(45.123), SysfsParse.Millidegrees(B("45123\n"), Path).Value);
        Assert.Equal(new Celsius(-5.5), SysfsParse.Millidegrees(B("-5500\n"), Path).Value);
    }

    [Fact]
    public void A_frequency_is_kilohertz_and_never_negative()
    {
        Assert.Equal(new KiloHertz(2400000), SysfsParse.KiloHertz(B("2400000\n"), Path).Value);

        ReadResult<KiloHertz> negative = SysfsParse.KiloHertz(B("-1\n"), Path);
        Assert.Equal(ReadStatus.Garbage, negative.Status);
        Assert.Equal("expected a frequency in kHz, found '-1'", negative.Detail);
    }

    [Theory]
    [InlineData("0\n", false)]
    [InlineData("1\n", true)]
    public void A_flag_is_zero_or_one(string text, bool expected) =>
        Assert.Equal(expected, SysfsParse.Flag(B(text), Path).Value);

    [Theory]
    [InlineData("2\n")]
    [InlineData("yes\n")]
    [InlineData("10\n")]
    public void A_flag_that_is_not_zero_or_one_is_garbage(string text)
    {
        ReadResult<bool> result = SysfsParse.Flag(B(text), Path);

        Assert.Equal(ReadStatus.Garbage, result.Status);
        Assert.StartsWith("expected 0 or 1, found '", result.Detail);
    }

    [Theory]
    [InlineData("50005\n", ThrottleFlags.UnderVoltage | ThrottleFlags.Throttled | ThrottleFlags.UnderVoltageOccurred | ThrottleFlags.ThrottledOccurred)]
    [InlineData("0x50005\n", ThrottleFlags.UnderVoltage | ThrottleFlags.Throttled | ThrottleFlags.UnderVoltageOccurred | ThrottleFlags.ThrottledOccurred)]
    [InlineData("0X80008", ThrottleFlags.SoftTemperatureLimit | ThrottleFlags.SoftTemperatureLimitOccurred)]
    [InlineData("0\n", ThrottleFlags.None)]
    [InlineData("e0000\n", ThrottleFlags.ArmFrequencyCappedOccurred | ThrottleFlags.ThrottledOccurred | ThrottleFlags.SoftTemperatureLimitOccurred)]
    [InlineData("a\n", ThrottleFlags.ArmFrequencyCapped | ThrottleFlags.SoftTemperatureLimit)]
    public void Throttle_flags_decode_from_hex_with_or_without_0x(string text, ThrottleFlags expected)
    {
        ReadResult<ThrottleFlags> result = SysfsParse.Throttled(B(text), Path);

        Assert.True(result.IsOk, result.ToString());
        Assert.Equal(expected, result.Value);
    }

    [Theory]
    [InlineData("0x\n")]
    [InlineData("xyz\n")]
    [InlineData("123456789\n")]
    [InlineData("throttled=0x0\n")]
    public void Throttle_flags_that_are_not_32_bit_hex_are_garbage(string text)
    {
        ReadResult<ThrottleFlags> result = SysfsParse.Throttled(B(text), Path);

        Assert.Equal(ReadStatus.Garbage, result.Status);
        Assert.StartsWith("expected a 32-bit hexadecimal bit field, found '", result.Detail);
    }

    [Fact]
    public void A_word_list_splits_on_any_whitespace()
    {
        ReadResult<IReadOnlyList<string>> result = SysfsParse.Words(B("conservative ondemand\tuserspace  performance \n"), Path);

        Assert.Equal(["conservative", "ondemand", "userspace", "performance"], result.Value);
    }

    [Fact]
    public void A_frequency_list_with_a_trailing_space_comes_back_ascending()
    {
        ReadResult<IReadOnlyList<KiloHertz>> result = SysfsParse.KiloHertzList(B("2400000 1500000 1800000 \n"), Path);

        Assert.Equal([new(1500000), new(1800000), new(2400000)], result.Value);
    }

    [Fact]
    public void A_list_with_a_bad_element_names_the_element()
    {
        ReadResult<IReadOnlyList<int>> result = SysfsParse.CpuList(B("0 1 x 3\n"), Path);

        Assert.Equal(ReadStatus.Garbage, result.Status);
        Assert.Equal("expected a CPU number, found 'x'", result.Detail);
    }

    [Fact]
    public void A_list_element_too_large_for_its_type_is_garbage_not_wrapped()
    {
        Assert.Equal(ReadStatus.Garbage, SysfsParse.CpuList(B("0 2147483648\n"), Path).Status);
        Assert.Equal(ReadStatus.Garbage, SysfsParse.KiloHertzList(B("1500000 9223372036854775808\n"), Path).Status);
        Assert.Equal([0, 2147483647], SysfsParse.CpuList(B("0 2147483647\n"), Path).Value);
    }

    [Fact]
    public void An_empty_list_is_empty()
    {
        Assert.Equal(ReadStatus.Empty, SysfsParse.CpuList(B("\n"), Path).Status);
        Assert.Equal(ReadStatus.Empty, SysfsParse.Words(B(""), Path).Status);
        Assert.Equal(ReadStatus.Empty, SysfsParse.KiloHertzList(B(" "), Path).Status);
    }

    [Fact]
    public void A_long_bad_value_is_quoted_shortened_with_control_bytes_escaped()
    {
        string detail = SysfsParse.Int64(B(new string('x', 100) + "\u0001"), Path).Detail!;

        Assert.Equal("expected an integer, found '" + new string('x', 64) + "…'", detail);
        Assert.Equal("expected an integer, found 'a\\x01b'", SysfsParse.Int64(B("a\u0001b"), Path).Detail);
    }
}

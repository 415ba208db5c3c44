using System.Text;
using PiTune.Core.Platform;
using PiTune.Linux.Parsing;

namespace PiTune.Linux.Tests.Parsing;

public sealed class CachedWordTests
{
    private const string Path = "sys/x/scaling_governor";

    [Fact]
    public void The_same_bytes_give_the_same_string_instance()
    {
        var word = new CachedWord();

        string first = word.Parse(Encoding.ASCII.GetBytes("ondemand\n"), Path).Value!;
        string second = word.Parse(Encoding.ASCII.GetBytes("ondemand\n"), Path).Value!;

        Assert.Equal("ondemand", first);
        Assert.Same(first, second);
    }

    [Fact]
    public void A_changed_value_is_read_as_the_new_value()
    {
        var word = new CachedWord();
        word.Parse(Encoding.ASCII.GetBytes("ondemand\n"), Path);

        Assert.Equal("performance", word.Parse(Encoding.ASCII.GetBytes("performance\n"), Path).Value);
    }

    [Theory]
    [InlineData("on demand\n")]
    [InlineData("ond\u0001emand\n")]
    public void More_than_one_word_is_garbage(string text)
    {
        ReadResult<string> result = new CachedWord().Parse(Encoding.UTF8.GetBytes(text), Path);

        Assert.Equal(ReadStatus.Garbage, result.Status);
        Assert.StartsWith("expected one word, found '", result.Detail);
    }

    [Fact]
    public void Only_a_newline_is_empty() =>
        Assert.Equal(ReadStatus.Empty, new CachedWord().Parse("\n"u8, Path).Status);
}

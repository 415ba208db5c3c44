using System.Text.Json;
using Microsoft.Extensions.Configuration.Json;

namespace PiTune.Configuration;

/// <summary>
/// Reads the configuration file into configuration keys, or says in a Pi owner's words why it cannot: a directory,
/// missing (or deleted since the last read), unreadable, empty, or a JSON syntax error with its line and column.
/// These are expected faults (an editor's half-saved file, a typo before <c>systemctl reload</c>), so they are values.
/// </summary>
internal static class ConfigFileReader
{
    /// <summary>The keys of <paramref name="path"/>, or null with the reason in <paramref name="problem"/>.</summary>
    /// <param name="loadedBefore">The file was read before: a missing file then "was deleted" rather than "does not exist".</param>
    public static IDictionary<string, string?>? TryRead(string path, bool loadedBefore, out string? problem)
    {
        problem = null;
        byte[] content;
        try
        {
            if (Directory.Exists(path))
            {
                problem = $"configuration file {path} is a directory, not a file";
                return null;
            }

            if (!File.Exists(path))
            {
                problem = loadedBefore
                    ? $"configuration file {path} was deleted"
                    : $"configuration file {path} not found (no such file)";
                return null;
            }

            content = File.ReadAllBytes(path);
        }
        catch (UnauthorizedAccessException)
        {
            problem = $"configuration file {path} cannot be read: permission denied";
            return null;
        }
        catch (FileNotFoundException)
        {
            // Deleted between the look and the read.
            problem = $"configuration file {path} was deleted";
            return null;
        }
        catch (IOException ex)
        {
            // .NET appends " : '<path>'" to the errno text; the path is already said.
            string reason = ex.Message.Replace($" : '{path}'", "", StringComparison.Ordinal);
            problem = $"configuration file {path} cannot be read: {reason}";
            return null;
        }

        if (content.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            problem = $"configuration file {path} is empty";
            return null;
        }

        try
        {
            return JsonKeys.Parse(content);
        }
        catch (JsonException json)
        {
            problem = $"configuration file {path} has a JSON syntax error at {Position(json)}: {Reason(json)}";
            return null;
        }
        catch (FormatException ex) when (ex.InnerException is JsonException json)
        {
            problem = $"configuration file {path} has a JSON syntax error at {Position(json)}: {Reason(json)}";
            return null;
        }
        catch (FormatException ex)
        {
            // Not a syntax error: a key given twice, or a top level that is not an object.
            problem = $"configuration file {path} cannot be used: {ex.Message}";
            return null;
        }
    }

    // JsonException counts both from 0, and a column in bytes is a column in characters for the ASCII a config holds.
    private static string Position(JsonException json) =>
        json.LineNumber is { } line
            ? $"line {line + 1}, column {(json.BytePositionInLine ?? 0) + 1}"
            : "an unknown position";

    /// <summary>System.Text.Json's reason without its own "LineNumber: 0 | BytePositionInLine: 5." suffix (given 1-based instead).</summary>
    private static string Reason(JsonException json)
    {
        string message = json.Message;
        int at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (at < 0 ? message : message[..at]).TrimEnd();
    }

    /// <summary>The stock JSON provider's parser (comments, trailing commas, arrays as :0, :1), used on bytes already read.</summary>
    private sealed class JsonKeys(JsonStreamConfigurationSource source) : JsonStreamConfigurationProvider(source)
    {
        public static IDictionary<string, string?> Parse(byte[] content)
        {
            using var stream = new MemoryStream(content, writable: false);
            var parser = new JsonKeys(new JsonStreamConfigurationSource());
            parser.Load(stream);
            return parser.Data;
        }
    }
}

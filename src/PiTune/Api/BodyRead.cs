namespace PiTune.Api;

/// <summary>
/// What reading a request body came to: the body, or a refusal (status and the reason for the client), or
/// neither when the client went away and there is nobody to answer.
/// </summary>
internal readonly record struct BodyRead(RequestBodyBuffer? Body, int Status, string? Refusal)
{
    public static BodyRead ClientGone => default;

    public static BodyRead Read(RequestBodyBuffer body) => new(body, 200, null);

    public static BodyRead Refused(int status, string reason) => new(null, status, reason);
}

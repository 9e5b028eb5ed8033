namespace Actors.Kafka.Protocol;

/// <summary>
/// The versions of one API this edge accepts, and the first flexible one (from the API's JSON schema), which
/// decides the request header (v2 from there on, else v1), the response header (v1, else v0) and compact fields.
/// </summary>
public sealed record ApiVersionRange(ApiKey Api, short Min, short Max, short FlexibleFrom)
{
    public bool Supports(short version) => version >= Min && version <= Max;

    public bool IsFlexible(short version) => version >= FlexibleFrom;
}

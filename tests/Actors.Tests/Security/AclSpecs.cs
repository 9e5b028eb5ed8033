using Actors.Security;

namespace Actors.Tests.Security;

/// <summary>
/// ACL entries and SCRAM credentials on their own: globs, what an entry allows (admin includes produce and consume on
/// its resource, <c>*</c> is every user, nothing crosses resources), which entries are refused, and that a
/// credential knows its password without keeping it.
/// </summary>
public sealed class AclSpecs
{
    [Theory]
    [InlineData("orders.*", "orders.eu", true)]
    [InlineData("orders.*", "orders.", true)]
    [InlineData("orders.*", "orders", false)]
    [InlineData("orders.*", "my-orders.eu", false)]
    [InlineData("*", "anything", true)]
    [InlineData("*", "", true)]
    [InlineData("*.dlq", "orders.dlq", true)]
    [InlineData("a*b*c", "a-x-b-y-c", true)]
    [InlineData("a*b*c", "a-x-c-y-b", false)]
    [InlineData("exact", "exact", true)]
    [InlineData("exact", "Exact", false)]
    public void Should_match_globs(string pattern, string name, bool matches) => Assert.Equal(matches, Glob.Matches(pattern, name));

    [Fact]
    public void Should_match_a_long_name_against_many_stars_quickly()
    {
        var name = new string('a', 10_000) + "b";
        Assert.False(Glob.Matches("*a*a*a*a*a*a*a*a*c", name));
    }

    [Fact]
    public void Should_allow_only_what_an_entry_names()
    {
        var produce = new AclEntry("alice", AclPermission.Produce, AclResource.Topic, "orders.*");
        var admin = new AclEntry("bob", AclPermission.Admin, AclResource.Topic, "*");
        var everyone = new AclEntry("*", AclPermission.Consume, AclResource.Group, "shared");

        Assert.True(produce.Allows("alice", AclPermission.Produce, AclResource.Topic, "orders.eu"));
        Assert.False(produce.Allows("alice", AclPermission.Consume, AclResource.Topic, "orders.eu"));
        Assert.False(produce.Allows("bob", AclPermission.Produce, AclResource.Topic, "orders.eu"));
        Assert.False(produce.Allows("alice", AclPermission.Produce, AclResource.Topic, "payments"));
        Assert.True(admin.Allows("bob", AclPermission.Produce, AclResource.Topic, "x"));
        Assert.True(admin.Allows("bob", AclPermission.Consume, AclResource.Topic, "x"));
        Assert.False(admin.Allows("bob", AclPermission.Consume, AclResource.Group, "x"));
        Assert.False(admin.Allows("bob", AclPermission.Admin, AclResource.Cluster, "*"));
        Assert.True(everyone.Allows("carol", AclPermission.Consume, AclResource.Group, "shared"));
    }

    [Fact]
    public void Should_answer_from_the_state_and_see_resources_with_any_permission()
    {
        var state = new SecurityState(new Dictionary<string, UserRecord>(),
            [new AclEntry("alice", AclPermission.Produce, AclResource.Topic, "orders.*"), new AclEntry("alice", AclPermission.Consume, AclResource.Group, "billing")], 2);

        Assert.True(state.Allows("alice", AclPermission.Produce, AclResource.Topic, "orders.eu"));
        Assert.True(state.Sees("alice", AclResource.Topic, "orders.eu"));
        Assert.True(state.Sees("alice", AclResource.Group, "billing"));
        Assert.False(state.Sees("alice", AclResource.Topic, "payments"));
        Assert.False(state.Sees("bob", AclResource.Topic, "orders.eu"));
    }

    [Theory]
    [InlineData(AclPermission.Produce, AclResource.Group, "produce applies to topics only (--topic PATTERN)")]
    [InlineData(AclPermission.Consume, AclResource.Cluster, "consume applies to topics and groups (--topic or --group PATTERN)")]
    [InlineData(AclPermission.Pipelines, AclResource.Topic, "pipelines applies to pipelines only (--pipeline PATTERN)")]
    [InlineData(AclPermission.Admin, AclResource.Pipeline, "on pipelines, give the pipelines permission (submit, stop, list)")]
    public void Should_refuse_a_permission_that_does_not_apply_to_the_resource(AclPermission permission, AclResource resource, string reason) =>
        Assert.Equal(reason, new AclEntry("alice", permission, resource, "*").Invalid());

    [Theory]
    [InlineData("", "a user name must not be empty")]
    [InlineData("al ice", "user name 'al ice' may hold only letters, digits and . _ - @")]
    [InlineData("a,b=c", "user name 'a,b=c' may hold only letters, digits and . _ - @")]
    public void Should_refuse_bad_user_names(string name, string reason) => Assert.Equal(reason, UserRecord.Invalid(name));

    [Fact]
    public void Should_know_its_password_without_keeping_it()
    {
        var user = UserRecord.Create("alice", "correct horse", iterations: 64);

        Assert.True(user.Matches("correct horse"));
        Assert.False(user.Matches("correct horse "));
        Assert.Equal([ScramMechanism.Sha256, ScramMechanism.Sha512], user.Credentials.Select(c => c.Mechanism));
        Assert.Equal([32, 64], user.Credentials.Select(c => c.StoredKey.Length));
        Assert.NotEqual(user.Credentials[0].Salt, UserRecord.Create("alice", "correct horse", iterations: 64).Credentials[0].Salt);
    }

    [Fact]
    public void Should_derive_the_salted_password_of_rfc_7677()
    {
        // RFC 7677 section 3: SCRAM-SHA-256 with password "pencil", salt W22ZaJ0SNY7soEsUEjb6gQ==, 4096 iterations. The
        // server signature over the RFC's auth message must be the one the RFC's server-final message carries.
        var salted = ScramCredential.SaltedPassword(ScramMechanism.Sha256, "pencil", Convert.FromBase64String("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
        var serverKey = ScramCredential.Hmac(ScramMechanism.Sha256, salted, "Server Key"u8);
        var authMessage = "n=user,r=rOprNGfwEbeRWgbNEkqO,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096," +
                          "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
        var signature = ScramCredential.Hmac(ScramMechanism.Sha256, serverKey, System.Text.Encoding.UTF8.GetBytes(authMessage));

        Assert.Equal("6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=", Convert.ToBase64String(signature));
    }
}

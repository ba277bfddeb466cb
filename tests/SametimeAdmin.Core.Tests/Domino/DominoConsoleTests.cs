using SametimeAdmin.Common;
using SametimeAdmin.Domino;
using Xunit;

namespace SametimeAdmin.Tests.Domino;

/// <summary>The console commands the guide asks for, and sending them behind <see cref="IDominoConsole"/>.</summary>
public sealed class DominoConsoleTests
{
    [Fact]
    public void Commands_are_built_as_typed_at_the_console()
    {
        Assert.Equal("restart task http", DominoConsoleCommand.RestartHttpCommand);
        Assert.Equal("restart server", DominoConsoleCommand.RestartServerCommand);
        Assert.Equal("replicate LDAP1 names.nsf", DominoConsoleCommand.Replicate("LDAP1"));
        Assert.Equal("replicate CN=st1/O=Example names.nsf", DominoConsoleCommand.Replicate(" CN=st1/O=Example "));
        Assert.Equal("replicate \"CN=Sametime One/O=Example\" stconfig.nsf", DominoConsoleCommand.Replicate("CN=Sametime One/O=Example", "stconfig.nsf"));
        Assert.Equal("On the Domino console of CN=inotes1/O=Example (or Domino Administrator > Server > Console), type: restart task http",
            DominoConsoleCommand.Instruction("CN=inotes1/O=Example", "restart task http"));
    }

    [Theory]
    [InlineData("restart task http\nquit")]
    [InlineData("   ")]
    public void A_command_that_is_not_one_line_is_refused(string command)
    {
        var console = new FakeConsole();
        var ex = Assert.Throws<SametimeAdminException>(() => DominoConsoleCommand.Send(() => console, "CN=inotes1/O=Example", command, (_, _) => true));
        Assert.Equal("InvalidConsoleCommand", ex.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, ex.Kind);
        Assert.Empty(console.Sent);
    }

    [Fact]
    public void Bad_replication_partners_are_refused()
    {
        Assert.Equal("InvalidConsoleCommand", Assert.Throws<SametimeAdminException>(() => DominoConsoleCommand.Replicate("CN=a\"b/O=Example")).ErrorId);
        Assert.Equal("InvalidConsoleCommand", Assert.Throws<SametimeAdminException>(() => DominoConsoleCommand.Replicate("LDAP1", "my names.nsf")).ErrorId);
    }

    [Fact]
    public void Sends_only_after_should_process_agreed()
    {
        var console = new FakeConsole();
        (string, string)? asked = null;
        Assert.Null(DominoConsoleCommand.Send(() => throw new InvalidOperationException("opened before confirmation"), "CN=inotes1/O=Example", "restart task http", (t, a) => { asked = (t, a); return false; }));
        Assert.Equal(("the Domino server CN=inotes1/O=Example", "Send the console command 'restart task http'"), asked);
        Assert.Empty(console.Sent);

        Assert.Equal("answer to restart task http", DominoConsoleCommand.Send(() => console, "CN=inotes1/O=Example", "restart task http", (_, _) => true));
        Assert.Equal([("CN=inotes1/O=Example", "restart task http")], console.Sent);
    }

    [Fact]
    public void Notes_com_console_calls_send_console_command_on_the_session()
    {
        var session = new FakeNotesSession();
        using var console = new NotesComConsole(null, () => session);
        Assert.Equal("HTTP Server: Restart", console.Send("CN=inotes1/O=Example", "restart task http"));
        Assert.True(session.Initialized);
        Assert.Equal([("CN=inotes1/O=Example", "restart task http")], session.Sent);
    }

    [Fact]
    public void A_refusal_of_the_server_is_a_notes_com_error()
    {
        using var console = new NotesComConsole(null, () => new FakeNotesSession { Refuse = true });
        var ex = Assert.Throws<SametimeAdminException>(() => console.Send("CN=inotes1/O=Example", "restart server"));
        Assert.Equal("NotesComFailed", ex.ErrorId);
        Assert.Contains("not authorized", ex.Message, StringComparison.Ordinal);
    }

    private sealed class FakeConsole : IDominoConsole
    {
        public List<(string, string)> Sent { get; } = [];

        public string Send(string server, string command)
        {
            Sent.Add((server, command));
            return "answer to " + command;
        }

        public void Dispose()
        {
        }
    }

    /// <summary>The members of NotesSession the console uses, as IDispatch exposes them.</summary>
    public sealed class FakeNotesSession
    {
        public bool Initialized { get; private set; }

        public bool Refuse { get; set; }

        public List<(string, string)> Sent { get; } = [];

        public void Initialize() => Initialized = true;

        public string SendConsoleCommand(string server, string command)
        {
            if (Refuse)
            {
                throw new InvalidOperationException("You are not authorized to use the remote console on this server");
            }

            Sent.Add((server, command));
            return "HTTP Server: Restart";
        }
    }
}

using Xunit;
using System.Text;
using SametimeAdmin.Domino;

namespace SametimeAdmin.Tests.Domino;

public class DxlDocumentStoreTests
{
    private static readonly DocumentUpdateOptions Options = new();

    [Fact]
    public void Reads_a_note_export_with_identity_order_types_and_flags()
    {
        var (store, doc) = DxlStores.OpenSingle(Fixtures.PathOf("domino", "websso-note-export.dxl"));
        using (store)
        {
            Assert.Equal("4A1C7E3BD2F0E9A885258A6C004B1C2D", doc.UniversalId);
            Assert.Equal("1f6e", doc.NoteId);
            Assert.Equal("WebSSOConfiguration", doc.Form);
            Assert.Equal(new DateTimeOffset(2024, 3, 18, 9, 42, 12, 640, TimeSpan.FromHours(1)), doc.LastModified);
            Assert.Equal(
                ["$ConflictAction", "Form", "Type", "LTPA_TokenName", "LTPA_TokenDomain", "LTPA_TokenExpiration", "LTPA_timeout", "LTPA_toMinutes",
                 "LTPA_DominoServers", "LTPA_DominoSecret", "Comments", "LTPA_UsernameMapping", "$Revisions", "$UpdatedBy", "$REF", "DocumentAccess"],
                doc.Items.Select(i => i.Name));

            var expiration = doc.GetItem("ltpa_tokenexpiration")!;
            Assert.Equal(NotesItemType.Number, expiration.Type);
            Assert.Equal(120d, expiration.FirstNumber);
            Assert.Equal(30d, doc.GetItem("LTPA_toMinutes")!.FirstNumber);

            var servers = doc.GetItem("LTPA_DominoServers")!;
            Assert.Equal(NotesItemType.TextList, servers.Type);
            Assert.Equal(["CN=inotes1/O=Example", "CN=st1/O=Example"], servers.Values);
            Assert.True(servers.Attributes.HasFlag(NotesItemAttributes.Names));

            var secret = doc.GetItem("LTPA_DominoSecret")!;
            Assert.True(secret.Attributes.HasFlag(NotesItemAttributes.Seal));
            Assert.False(secret.Attributes.HasFlag(NotesItemAttributes.Summary));
            Assert.False(secret.IsSealed);

            Assert.Equal("Schlüssel für iNotes – gepflegt von Anna Müller 🔑\nRückfragen: Team Collaboration", doc.GetItem("Comments")!.FirstValue);
            Assert.Equal(NotesItemType.DateTimeList, doc.GetItem("$Revisions")!.Type);
            Assert.Equal(["20190412T101503,11+02", "20240318T094212,63+01"], doc.GetItem("$Revisions")!.Values);
            Assert.Equal(NotesItemType.Opaque, doc.GetItem("$REF")!.Type);
            Assert.Equal("rawitemdata", doc.GetItem("$REF")!.OpaqueKind);
            Assert.True(doc.GetItem("DocumentAccess")!.Attributes.HasFlag(NotesItemAttributes.Readers));
        }
    }

    [Fact]
    public void Reads_the_real_domino_export_sample()
    {
        var (store, doc) = DxlStores.OpenSingle(Fixtures.PathOf("domino", "samples", "dxl-note-document-export.xml"));
        using (store)
        {
            Assert.Equal("C12585B4004B62316B135DC8E8B5B740", doc.UniversalId);
            Assert.Equal("(ReplyNotice)", doc.Form);
            Assert.Equal(13, doc.Items.Count);
            Assert.Equal(NotesItemType.NumberList, doc.GetItem("$ICAL_UPDATE_SEQUENCENUM")!.Type);
            Assert.Equal(["1"], doc.GetItem("$ICAL_UPDATE_SEQUENCENUM")!.Values);
            Assert.Equal([""], doc.GetItem("$ICAL_UPDATE_ENTRYLIST")!.Values);
            Assert.Equal(["D", "A"], doc.GetItem("ExcludeFromView")!.Values);
            Assert.Equal(NotesItemType.Opaque, doc.GetItem("$TUA")!.Type);
            Assert.Equal(new DateTimeOffset(2020, 7, 29, 15, 43, 57, 380, TimeSpan.FromHours(2)), doc.LastModified);
        }
    }

    [Theory]
    [InlineData("dxl-document-minimal-import.xml", "Example", "Foo", "Bar")]
    [InlineData("dxl-database-document-import.xml", "AcmeChallenge", "ChallengeContent", "DOMINO-ACME-PROTOCOL-CHALLENGE-DATA-OK")]
    public void Reads_the_real_import_samples(string file, string form, string item, string value)
    {
        var (store, doc) = DxlStores.OpenSingle(Fixtures.PathOf("domino", "samples", file));
        using (store)
        {
            Assert.Equal(form, doc.Form);
            Assert.Equal(value, doc.GetItem(item)!.FirstValue);
        }
    }

    [Fact]
    public void Changing_one_item_keeps_every_other_byte()
    {
        using var scratch = new ScratchFolder();
        string path = scratch.Copy("websso-note-export.dxl");
        byte[] before = File.ReadAllBytes(path);
        var (store, doc) = DxlStores.OpenSingle(path);

        var result = store.Update(doc, [NotesItemChange.Text("LTPA_TokenDomain", ".example.org")], Options);

        string expected = Encoding.UTF8.GetString(before).Replace(
            "<item name='LTPA_TokenDomain'><text>.example.com</text></item>",
            "<item name='LTPA_TokenDomain'><text>.example.org</text></item>");
        Assert.Equal(Encoding.UTF8.GetBytes(expected), File.ReadAllBytes(path));
        Assert.Equal(["LTPA_TokenDomain"], result.ChangedItems);
        Assert.Equal(".example.org", result.Document.GetItem("LTPA_TokenDomain")!.FirstValue);
        Assert.Equal(before, File.ReadAllBytes(Assert.Single(scratch.Backups(path))));
        Assert.Equal(result.BackupPath, scratch.Backups(path)[0]);
    }

    [Fact]
    public void An_item_after_a_character_outside_the_BMP_is_located_exactly()
    {
        using var scratch = new ScratchFolder();
        string path = scratch.Copy("websso-note-export.dxl");
        string original = File.ReadAllText(path);
        var (store, doc) = DxlStores.OpenSingle(path);

        store.Update(doc, [NotesItemChange.Text("LTPA_UsernameMapping", "1"), NotesItemChange.Number("LTPA_toMinutes", 45)], Options);

        string expected = original
            .Replace("<item name='LTPA_UsernameMapping'><text>0</text></item>", "<item name='LTPA_UsernameMapping'><text>1</text></item>")
            .Replace("<item name='LTPA_toMinutes'><number\n>30</number></item>", "<item name='LTPA_toMinutes'><number>45</number></item>");
        Assert.Equal(expected, File.ReadAllText(path));
    }

    [Fact]
    public void New_and_changed_items_use_the_prefix_the_document_uses_for_the_dxl_namespace()
    {
        using var scratch = new ScratchFolder();
        string path = Path.Combine(scratch.Path, "prefixed.dxl");
        const string Original = "<?xml version='1.0' encoding='utf-8'?>\n" +
            "<dxl:document xmlns:dxl='http://www.lotus.com/dxl' version='9.0' form='WebSSOConfiguration'>\n" +
            "<dxl:noteinfo noteid='9fb' unid='5D1E7C0A9B8F4E21C12585B4004B6231' sequence='2'/>\n" +
            "<dxl:item name='LTPA_TokenName'><dxl:text>LtpaToken</dxl:text></dxl:item>\n" +
            "</dxl:document>\n";
        File.WriteAllText(path, Original);
        var (store, doc) = DxlStores.OpenSingle(path);

        store.Update(doc, [NotesItemChange.Text("LTPA_TokenName", "LtpaToken2"), NotesItemChange.TextList("LTPA_DominoServers", ["CN=a/O=b", "CN=c/O=b"])], Options);

        string expected = Original
            .Replace("<dxl:text>LtpaToken</dxl:text>", "<dxl:text>LtpaToken2</dxl:text>", StringComparison.Ordinal)
            .Replace("</dxl:item>\n</dxl:document>", "</dxl:item>\n<dxl:item name='LTPA_DominoServers'><dxl:textlist><dxl:text>CN=a/O=b</dxl:text><dxl:text>CN=c/O=b</dxl:text></dxl:textlist></dxl:item>\n</dxl:document>", StringComparison.Ordinal);
        Assert.Equal(expected, File.ReadAllText(path));
        var (_, reread) = DxlStores.OpenSingle(path);
        Assert.Equal(["CN=a/O=b", "CN=c/O=b"], reread.GetItem("LTPA_DominoServers")!.Values);
        Assert.Equal("LtpaToken2", reread.GetItem("LTPA_TokenName")!.Values[0]);
    }

    [Fact]
    public void A_new_item_follows_the_last_item_with_the_same_indentation_and_quotes()
    {
        using var scratch = new ScratchFolder();
        string path = scratch.Copy("websso-note-export.dxl");
        string original = File.ReadAllText(path);
        var (store, doc) = DxlStores.OpenSingle(path);

        store.Update(doc, [
            NotesItemChange.TextList("LTPA_Version", ["LtpaToken", "LtpaToken2"]),
            NotesItemChange.Text("LTPA_Secret", "c2VjcmV0 & <more>", NotesItemAttributes.Seal, isSecret: true),
        ], Options);

        const string Last = "<item name='DocumentAccess' readers='true'><textlist><text>[ServerModifier]</text><text>LocalDomainServers</text></textlist></item>";
        string expected = original.Replace(Last, Last +
            "\n<item name='LTPA_Version'><textlist><text>LtpaToken</text><text>LtpaToken2</text></textlist></item>" +
            "\n<item name='LTPA_Secret' seal='true' summary='false'><text>c2VjcmV0 &amp; &lt;more&gt;</text></item>");
        Assert.Equal(expected, File.ReadAllText(path));
    }

    [Fact]
    public void New_items_copy_the_items_quotes_not_those_of_a_comment()
    {
        using var scratch = new ScratchFolder();
        string text = "<?xml version=\"1.0\"?>\r\n<!-- copy of <document form=\"Other\"> -->\r\n<document xmlns='http://www.lotus.com/dxl' form='WebSSOConfiguration'>\r\n  <item name='LTPA_TokenName'><text>LtpaToken</text></item>\r\n</document>\r\n";
        string path = scratch.Write("quotes.dxl", Encoding.UTF8.GetBytes(text));
        var (store, doc) = DxlStores.OpenSingle(path);

        store.Update(doc, [NotesItemChange.Text("LTPA_Realm", "it's")], Options);

        Assert.Equal(text.Replace("</item>\r\n</document>", "</item>\r\n  <item name='LTPA_Realm'><text>it's</text></item>\r\n</document>"), File.ReadAllText(path));
    }

    [Fact]
    public void A_document_without_items_gets_its_first_item_before_the_closing_tag()
    {
        using var scratch = new ScratchFolder();
        string text = "<note class=\"document\" xmlns=\"http://www.lotus.com/dxl\">\n<noteinfo noteid=\"1\" unid=\"AA\"/>\n</note>";
        string path = scratch.Write("empty.dxl", Encoding.UTF8.GetBytes(text));
        var (store, doc) = DxlStores.OpenSingle(path);

        store.Update(doc, [NotesItemChange.Text("Form", "WebSSOConfiguration")], Options);

        Assert.Equal("<note class=\"document\" xmlns=\"http://www.lotus.com/dxl\">\n<noteinfo noteid=\"1\" unid=\"AA\"/>\n<item name=\"Form\"><text>WebSSOConfiguration</text></item>\n</note>", File.ReadAllText(path));
    }

    [Fact]
    public void Indented_and_empty_items_keep_their_layout_and_start_tags()
    {
        using var scratch = new ScratchFolder();
        string path = scratch.Copy("websso-import-document.dxl");
        string original = File.ReadAllText(path);
        var (store, doc) = DxlStores.OpenSingle(path);

        store.Update(doc, [
            NotesItemChange.Text("LTPA_TokenDomain", ".example.com"),
            NotesItemChange.TextList("LTPA_Version", ["LtpaToken2"]),
            NotesItemChange.TextList("LTPA_DominoServers", ["CN=st1/O=Example"], NotesItemAttributes.Names),
        ], Options);

        string expected = original
            .Replace("<text>example.com</text>", "<text>.example.com</text>")
            .Replace("<item name=\"LTPA_Version\"/>",
                "<item name=\"LTPA_Version\"><textlist><text>LtpaToken2</text></textlist></item>" +
                "\n\t<item name=\"LTPA_DominoServers\" names=\"true\"><textlist><text>CN=st1/O=Example</text></textlist></item>");
        Assert.Equal(expected, File.ReadAllText(path));
    }

    [Fact]
    public void Writing_the_same_values_again_changes_nothing_and_makes_no_backup()
    {
        using var scratch = new ScratchFolder();
        string path = scratch.Copy("websso-note-export.dxl");
        byte[] before = File.ReadAllBytes(path);
        DateTime stamp = File.GetLastWriteTimeUtc(path);
        var (store, doc) = DxlStores.OpenSingle(path);

        var result = store.Update(doc, [NotesItemChange.Text("LTPA_TokenDomain", ".example.com"), NotesItemChange.Number("LTPA_TokenExpiration", 120)], Options);

        Assert.False(result.Changed);
        Assert.Null(result.BackupPath);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(path));
        Assert.Empty(scratch.Backups(path));
    }

    [Fact]
    public void Crlf_line_endings_and_a_byte_order_mark_are_kept()
    {
        using var scratch = new ScratchFolder();
        string text = Fixtures.ReadText("domino", "websso-note-export.dxl").Replace("\n", "\r\n");
        byte[] bom = [0xEF, 0xBB, 0xBF];
        string path = scratch.Write("crlf.dxl", [.. bom, .. Encoding.UTF8.GetBytes(text)]);
        var (store, doc) = DxlStores.OpenSingle(path);

        store.Update(doc, [NotesItemChange.Number("LTPA_toMinutes", 60), NotesItemChange.Text("LTPA_Realm", "defaultRealm")], Options);

        string expected = text
            .Replace("<number\r\n>30</number>", "<number>60</number>")
            .Replace("</textlist></item>\r\n</note>", "</textlist></item>\r\n<item name='LTPA_Realm'><text>defaultRealm</text></item>\r\n</note>");
        Assert.Equal([.. bom, .. Encoding.UTF8.GetBytes(expected)], File.ReadAllBytes(path));
    }

    [Fact]
    public void Utf16_files_stay_utf16()
    {
        using var scratch = new ScratchFolder();
        string text = Fixtures.ReadText("domino", "websso-note-export.dxl").Replace("encoding='utf-8'", "encoding='utf-16'");
        var utf16 = new UnicodeEncoding(false, true);
        string path = scratch.Write("utf16.dxl", [.. utf16.GetPreamble(), .. utf16.GetBytes(text)]);
        var (store, doc) = DxlStores.OpenSingle(path);
        Assert.Equal("Schlüssel für iNotes – gepflegt von Anna Müller 🔑\nRückfragen: Team Collaboration", doc.GetItem("Comments")!.FirstValue);

        store.Update(doc, [NotesItemChange.Text("LTPA_TokenName", "LtpaToken")], Options);

        string expected = text.Replace("<text>LtpaToken2</text>", "<text>LtpaToken</text>");
        Assert.Equal([.. utf16.GetPreamble(), .. utf16.GetBytes(expected)], File.ReadAllBytes(path));
    }

    [Fact]
    public void Latin1_files_get_character_references_for_characters_outside_ascii()
    {
        using var scratch = new ScratchFolder();
        string text = "<?xml version='1.0' encoding='ISO-8859-1'?>\n<document xmlns='http://www.lotus.com/dxl' form='WebSSOConfiguration'>\n<item name='Comments'><text>Grüße</text></item>\n<item name='LTPA_TokenName'><text>LtpaToken</text></item>\n</document>\n";
        var latin1 = Encoding.Latin1;
        string path = scratch.Write("latin1.dxl", latin1.GetBytes(text));
        var (store, doc) = DxlStores.OpenSingle(path);
        Assert.Equal("Grüße", doc.GetItem("Comments")!.FirstValue);

        var result = store.Update(doc, [NotesItemChange.Text("LTPA_TokenName", "Jetön€")], Options);

        Assert.Equal(latin1.GetBytes(text.Replace("<text>LtpaToken</text>", "<text>Jet&#xF6;n&#x20AC;</text>")), File.ReadAllBytes(path));
        Assert.Equal("Jetön€", result.Document.GetItem("LTPA_TokenName")!.FirstValue);
    }

    [Fact]
    public void Only_the_chosen_document_of_a_database_export_changes()
    {
        using var scratch = new ScratchFolder();
        string path = scratch.Copy("websso-database.dxl");
        string original = File.ReadAllText(path);
        using var store = new DxlDocumentStore(path);
        var docs = store.FindDocuments(new DocumentLookup("($WebSSOConfigs)"));
        Assert.Equal(["Person", "WebSSOConfiguration", "WebSSOConfiguration"], docs.Select(d => d.Form));

        store.Update(docs[2], [NotesItemChange.Number("LTPA_TokenExpiration", 90)], Options);

        string expected = original.Replace(
            "<item name='LTPA_TokenExpiration'><number>120</number></item></document>",
            "<item name='LTPA_TokenExpiration'><number>90</number></item></document>");
        Assert.Equal(expected, File.ReadAllText(path));
    }

    [Theory]
    [InlineData("malformed.dxl", "DxlMalformed")]
    [InlineData("not-dxl.xml", "DxlNotDominoXml")]
    [InlineData("form-design.dxl", "DxlNoDocument")]
    [InlineData("websso-sealed.dxl", "DxlItemSealed")]
    [InlineData("does-not-exist.dxl", "DxlFileNotFound")]
    public void Unusable_files_are_refused_with_a_clear_error(string file, string errorId)
    {
        using var store = new DxlDocumentStore(Fixtures.PathOf("domino", file));
        var ex = Expect.Failure(errorId, () => store.FindDocuments(new DocumentLookup("($WebSSOConfigs)")));
        Assert.Contains(file, ex.Message);
        Assert.NotNull(ex.RecommendedAction);
    }

    [Fact]
    public void A_sealed_export_says_which_items_and_what_to_do()
    {
        using var store = new DxlDocumentStore(Fixtures.PathOf("domino", "websso-sealed.dxl"));
        var ex = Expect.Failure("DxlItemSealed", () => store.FindDocuments(new DocumentLookup("($WebSSOConfigs)")));
        Assert.Contains("LTPA_DominoSecret, LTPA_DominoServers", ex.Message);
        Assert.Contains("ID that can decrypt", ex.RecommendedAction);
    }

    [Fact]
    public void Malformed_xml_reports_the_position()
    {
        using var store = new DxlDocumentStore(Fixtures.PathOf("domino", "malformed.dxl"));
        var ex = Expect.Failure("DxlMalformed", () => store.FindDocuments(new DocumentLookup("($WebSSOConfigs)")));
        Assert.Matches(@"line \d+, position \d+", ex.Message);
    }

    [Fact]
    public void A_document_changed_since_it_was_read_is_not_overwritten()
    {
        using var scratch = new ScratchFolder();
        string path = scratch.Copy("websso-note-export.dxl");
        var (store, doc) = DxlStores.OpenSingle(path);
        string edited = File.ReadAllText(path).Replace("<text>0</text></item>\n<item name='LTPA_toMinutes'", "<text>1</text></item>\n<item name='LTPA_toMinutes'");
        File.WriteAllText(path, edited);

        Expect.Failure("DocumentConflict", () => store.Update(doc, [NotesItemChange.Text("LTPA_TokenDomain", ".example.org")], Options));

        Assert.Equal(edited, File.ReadAllText(path));
        Assert.Empty(scratch.Backups(path));
    }

    [Fact]
    public void An_item_that_appears_twice_is_not_edited()
    {
        using var scratch = new ScratchFolder();
        string path = scratch.Write("twice.dxl", Encoding.UTF8.GetBytes(
            "<document xmlns='http://www.lotus.com/dxl' form='WebSSOConfiguration'><item name='LTPA_TokenName'><text>LtpaToken</text></item>" +
            "<item name='LTPA_TokenDomain'><text>.a.com</text></item><item name='ltpa_tokendomain'><text>.b.com</text></item></document>"));
        byte[] before = File.ReadAllBytes(path);
        var (store, doc) = DxlStores.OpenSingle(path);

        Expect.Failure("DxlDuplicateItem", () => store.Update(doc, [NotesItemChange.Text("LTPA_TokenDomain", ".c.com")], Options));
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void Values_xml_cannot_hold_are_refused_before_writing()
    {
        using var scratch = new ScratchFolder();
        string path = scratch.Copy("websso-note-export.dxl");
        byte[] before = File.ReadAllBytes(path);
        var (store, doc) = DxlStores.OpenSingle(path);

        Expect.Failure("DxlValueNotRepresentable", () => store.Update(doc, [NotesItemChange.Text("LTPA_TokenDomain", ".exa\u0001mple.com")], Options));
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Theory]
    [InlineData("https://inotes.lab.example.com/names.nsf")]
    [InlineData("st1/Lab!!stconfig.nsf")]
    [InlineData("(local)!!names.nsf")]
    [InlineData("relative.dxl")]
    public void A_piped_document_reopens_only_from_a_dxl_export(string location)
    {
        var failure = Expect.Failure("PipedDocumentStoreUnavailable", () => DxlDocumentStore.ReopenOrigin(location));
        Assert.Contains("-Uri", failure.RecommendedAction);
    }

    [Fact]
    public void A_piped_document_of_a_dxl_export_reopens_that_file()
    {
        using var scratch = new ScratchFolder();
        string path = scratch.Copy("websso-note-export.dxl");
        var (first, doc) = DxlStores.OpenSingle(path);
        first.Dispose();

        using var store = DxlDocumentStore.ReopenOrigin(doc.StoreLocation);
        Assert.Equal(Path.GetFullPath(path), store.Path);
        Assert.Equal(doc.UniversalId, Assert.Single(store.FindDocuments(new DocumentLookup("($WebSSOConfigs)"))).UniversalId);
    }
}

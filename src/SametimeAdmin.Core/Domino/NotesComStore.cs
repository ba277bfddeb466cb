using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using SametimeAdmin.Common;

namespace SametimeAdmin.Domino
{
    /// <summary>
    /// Documents of a Notes database through the Notes COM classes (ProgID Lotus.NotesSession) of an installed Notes or
    /// Domino Administrator client, on Windows. Everything is late-bound, so no interop assembly is needed; elsewhere
    /// the store reports that it is not available.
    /// </summary>
    public sealed class NotesComStore : INotesDocumentStore
    {
        public const string ProgId = "Lotus.NotesSession";

        // NotesItem.Type values (Notes COM/LotusScript constants).
        private const int TypeRichText = 1;
        private const int TypeNumbers = 768;
        private const int TypeDateTimes = 1024;
        private const int TypeText = 1280;
        private const int TypeNames = 1074;
        private const int TypeReaders = 1075;
        private const int TypeAuthors = 1076;

        private readonly object database;
        private readonly List<object> comObjects = new List<object>();

        /// <summary>Opens <paramref name="databasePath"/> on <paramref name="server"/> ("" = local) through Notes COM.</summary>
        public NotesComStore(string server, string databasePath, byte[]? idPassword = null)
            : this(server, databasePath, idPassword, CreateSession)
        {
        }

        /// <summary>For tests: the session object comes from <paramref name="sessionFactory"/> (any object with the Notes COM members).</summary>
        internal NotesComStore(string server, string databasePath, byte[]? idPassword, Func<object> sessionFactory)
        {
            Server = server ?? string.Empty;
            DatabasePath = databasePath ?? throw new ArgumentNullException(nameof(databasePath));
            object session = Track(sessionFactory());
            Call(session, "Initialize", "initialize the Notes session", idPassword == null ? Array.Empty<object>() : new object[] { System.Text.Encoding.UTF8.GetString(idPassword) });
            object? opened = Call(session, "GetDatabase", "open " + Location, Server, DatabasePath, false);
            database = Track(opened ?? throw DatabaseNotFound());
            if (!(Get(database, "IsOpen") is bool open) || !open)
            {
                throw DatabaseNotFound();
            }
        }

        public string Server { get; }

        public string DatabasePath { get; }

        public string Location => (Server.Length == 0 ? "(local)" : Server) + "!!" + DatabasePath;

        /// <summary>Notes COM encrypts items again when the document is saved with Encrypt.</summary>
        public bool KeepsEncryption => true;

        /// <summary>True on Windows, where a Notes client can register its COM classes.</summary>
        public static bool IsPlatformSupported => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        public IReadOnlyList<NotesDocument> FindDocuments(DocumentLookup lookup)
        {
            if (lookup == null)
            {
                throw new ArgumentNullException(nameof(lookup));
            }

            object view = Track(Call(database, "GetView", "open the view " + lookup.ViewName, lookup.ViewName) ?? throw new SametimeAdminException(
                "NotesComViewNotFound", FailureKind.ObjectNotFound, $"{Location} has no view {lookup.ViewName}.")
            {
                RecommendedAction = "Check that the database is the Domino Directory (names.nsf) of the server, or override the view name with -ItemMap.",
            });

            object? source = lookup.Key == null ? view : Call(view, "GetAllDocumentsByKey", "look up " + lookup.Key, lookup.Key, true);
            var result = new List<NotesDocument>();
            if (source == null)
            {
                return result;
            }

            Track(source);
            for (object? doc = Call(source, "GetFirstDocument", "read the view"); doc != null; doc = Call(source, "GetNextDocument", "read the view", doc))
            {
                Track(doc);
                result.Add(ToDocument(doc));
            }

            return result;
        }

        /// <summary>No local lock: Notes refuses to save over a newer revision (Save with force = false).</summary>
        public IDisposable? LockForEdit(TimeSpan timeout) => null;

        public DocumentUpdateResult Update(NotesDocument document, IReadOnlyList<NotesItemChange> changes, DocumentUpdateOptions options)
        {
            NotesItemChange[] effective = (document ?? throw new ArgumentNullException(nameof(document))).ChangesNeeded(changes);
            if (effective.Length == 0)
            {
                return new DocumentUpdateResult(document, Array.Empty<string>(), null);
            }

            object current = Fetch(document.UniversalId ?? throw new ArgumentException("The document has no universal ID.", nameof(document)));
            if (!string.Equals(Revision(current), document.Revision, StringComparison.Ordinal))
            {
                throw DocumentConflict.Changed(Location);
            }

            string backup = DocumentBackup.Write(document, options?.BackupDirectory, options?.BackupCount ?? AtomicFile.DefaultBackupCount);
            bool encrypt = document.Items.Any(i => (i.Attributes & NotesItemAttributes.Seal) != 0);
            foreach (NotesItemChange change in effective)
            {
                object item = Track(Call(current, "ReplaceItemValue", "set " + change.Name, change.Name, ToComValue(change))
                    ?? throw Failed("set " + change.Name, new InvalidOperationException("ReplaceItemValue returned no item")));
                Set(item, "IsSummary", (change.Attributes & NotesItemAttributes.Summary) != 0 && !change.IsSecret);
                if ((change.Attributes & NotesItemAttributes.Names) != 0)
                {
                    Set(item, "IsNames", true);
                }

                if ((change.Attributes & NotesItemAttributes.Seal) != 0)
                {
                    Set(item, "IsEncrypted", true);
                    encrypt = true;
                }
            }

            if (encrypt)
            {
                // The Web SSO document is encrypted for its participating servers; encrypt again before saving.
                Call(current, "Encrypt", "encrypt the document");
            }

            // Save(force = false): Notes refuses when someone else saved the document in the meantime.
            if (!(Call(current, "Save", "save the document", false, false) is bool saved) || !saved)
            {
                DocumentBackup.DiscardRefused(backup);
                throw DocumentConflict.Changed(Location);
            }

            return new DocumentUpdateResult(ToDocument(Fetch(document.UniversalId!)), effective.Select(c => c.Name).ToArray(), backup);
        }

        public void Dispose()
        {
            foreach (object o in comObjects)
            {
                if (Marshal.IsComObject(o))
                {
                    Marshal.ReleaseComObject(o);
                }
            }

            comObjects.Clear();
        }

        private SametimeAdminException DatabaseNotFound() =>
            new SametimeAdminException("NotesComDatabaseNotFound", FailureKind.ObjectNotFound, $"Notes could not open {Location}.")
            {
                RecommendedAction = "Check the server name (for example CN=inotes1/O=Example; \"\" for local), the database path and that your Notes ID may open it.",
            };

        internal static object CreateSession()
        {
            if (!IsPlatformSupported)
            {
                throw new SametimeAdminException("NotesComNotAvailable", FailureKind.NotInstalled,
                    "Notes COM is not available on this platform: it needs Windows with a Notes or Domino Administrator client.")
                {
                    RecommendedAction = "Use a DXL export of the document (-Path) or Domino Access Services (-Uri) instead.",
                };
            }

            Type? type = Type.GetTypeFromProgID(ProgId);
            if (type == null)
            {
                throw NotInstalled("the class is not registered", null);
            }

            try
            {
                return Activator.CreateInstance(type)!;
            }
            catch (Exception ex) when (ex is COMException || ex is TargetInvocationException || ex is InvalidCastException)
            {
                throw NotInstalled(ex.Message, ex);
            }
        }

        private static SametimeAdminException NotInstalled(string reason, Exception? inner)
        {
            string bitness = Environment.Is64BitProcess ? "64-bit" : "32-bit";
            return new SametimeAdminException("NotesComNotInstalled", FailureKind.NotInstalled,
                $"The Notes COM class {ProgId} cannot be created in this {bitness} PowerShell: {reason}.", inner)
            {
                RecommendedAction = "Install a Notes or Domino Administrator client. Its COM classes work only in a process of the same bitness as the client (a 32-bit client needs Windows PowerShell (x86)).",
            };
        }

        private static object ToComValue(NotesItemChange change)
        {
            if (change.IsNumeric)
            {
                double[] numbers = change.Values.Select(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
                return change.IsList ? numbers.Cast<object>().ToArray() : numbers[0];
            }

            return change.IsList ? change.Values.Cast<object>().ToArray() : change.Values[0];
        }

        private static string? Revision(object doc) =>
            Get(doc, "LastModified") is DateTime modified ? modified.ToString("o", CultureInfo.InvariantCulture) : null;

        private object Fetch(string unid) =>
            Track(Call(database, "GetDocumentByUNID", "read document " + unid, unid) ?? throw new SametimeAdminException(
                "NotesComDocumentNotFound", FailureKind.ObjectNotFound, $"Document {unid} is no longer in {Location}."));

        private NotesDocument ToDocument(object doc)
        {
            var items = new List<NotesItem>();
            if (Get(doc, "Items") is IEnumerable comItems)
            {
                foreach (object item in comItems)
                {
                    Track(item);
                    items.Add(ToItem(item));
                }
            }

            DateTimeOffset? modified = Get(doc, "LastModified") is DateTime lastModified ? new DateTimeOffset(lastModified) : (DateTimeOffset?)null;
            return new NotesDocument(Location, Get(doc, "UniversalID") as string, Get(doc, "NoteID") as string, null, items, Revision(doc), modified)
            {
                StoreReportsEncrypted = Get(doc, "IsEncrypted") is bool encrypted && encrypted,
            };
        }

        private static NotesItem ToItem(object item)
        {
            string name = Get(item, "Name") as string ?? string.Empty;
            int type = Get(item, "Type") is int t ? t : 0;
            object? raw = Get(item, "Values");
            object[] values = raw is Array array ? array.Cast<object>().ToArray() : raw == null ? Array.Empty<object>() : new[] { raw };
            NotesItemAttributes attributes =
                Flag(item, "IsSummary", NotesItemAttributes.Summary) | Flag(item, "IsNames", NotesItemAttributes.Names) |
                Flag(item, "IsReaders", NotesItemAttributes.Readers) | Flag(item, "IsAuthors", NotesItemAttributes.Authors) |
                Flag(item, "IsSigned", NotesItemAttributes.Sign) | Flag(item, "IsEncrypted", NotesItemAttributes.Seal) |
                Flag(item, "IsProtected", NotesItemAttributes.Protected);
            switch (type)
            {
                case TypeText:
                case TypeNames:
                case TypeReaders:
                case TypeAuthors:
                    return new NotesItem(name, values.Length > 1 ? NotesItemType.TextList : NotesItemType.Text, values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? string.Empty), attributes);
                case TypeNumbers:
                    return new NotesItem(name, values.Length > 1 ? NotesItemType.NumberList : NotesItemType.Number,
                        values.Select(v => NotesItemChange.FormatNumber(Convert.ToDouble(v, CultureInfo.InvariantCulture))), attributes);
                case TypeDateTimes:
                    return new NotesItem(name, values.Length > 1 ? NotesItemType.DateTimeList : NotesItemType.DateTime,
                        values.Select(v => v is DateTime d ? d.ToString("o", CultureInfo.InvariantCulture) : Convert.ToString(v, CultureInfo.InvariantCulture) ?? string.Empty), attributes);
                default:
                    return new NotesItem(name, NotesItemType.Opaque, Array.Empty<string>(), attributes, type == TypeRichText ? "richtext" : "type " + type.ToString(CultureInfo.InvariantCulture));
            }
        }

        private static NotesItemAttributes Flag(object item, string property, NotesItemAttributes flag) =>
            Get(item, property) is bool on && on ? flag : NotesItemAttributes.None;

        private static object? Get(object target, string property)
        {
            try
            {
                return target.GetType().InvokeMember(property, BindingFlags.GetProperty, null, target, null, CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is TargetInvocationException || ex is COMException || ex is MissingMemberException)
            {
                throw Failed("read " + property, ex);
            }
        }

        private static void Set(object target, string property, object value)
        {
            try
            {
                target.GetType().InvokeMember(property, BindingFlags.SetProperty, null, target, new[] { value }, CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is TargetInvocationException || ex is COMException || ex is MissingMemberException)
            {
                throw Failed("set " + property, ex);
            }
        }

        internal static object? Call(object target, string method, string what, params object[] args)
        {
            try
            {
                return target.GetType().InvokeMember(method, BindingFlags.InvokeMethod, null, target, args, CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is TargetInvocationException || ex is COMException || ex is MissingMemberException)
            {
                throw Failed(what, ex);
            }
        }

        private static SametimeAdminException Failed(string what, Exception ex)
        {
            Exception cause = ex is TargetInvocationException && ex.InnerException != null ? ex.InnerException : ex;
            return new SametimeAdminException("NotesComFailed", FailureKind.InvalidOperation,
                $"Notes could not {what}: {cause.Message}. Nothing was changed.", ex)
            {
                RecommendedAction = "Check the Notes client (ID unlocked, server reachable from the client) and try again.",
            };
        }

        private object Track(object o)
        {
            comObjects.Add(o);
            return o;
        }
    }
}

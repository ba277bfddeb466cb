using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using SametimeAdmin.Common;

namespace SametimeAdmin.Proxy
{
    /// <summary>What Enable-/Disable-ProxySecurityTrace did to one file.</summary>
    public enum ProxyTraceAction
    {
        /// <summary>The security trace specification was written.</summary>
        Enabled,

        /// <summary>The specification remembered by Enable-ProxySecurityTrace was put back.</summary>
        Restored,

        /// <summary>No remembered specification: the security trace was replaced by the product default *=info.</summary>
        Reset,

        /// <summary>The file already had the requested specification; nothing was written.</summary>
        Unchanged,

        /// <summary>Disable found no security trace to turn off; nothing was written.</summary>
        NotEnabled,
    }

    /// <summary>The outcome of a trace change on a Liberty server.xml or a WebSphere server.xml.</summary>
    public sealed class ProxyTraceEdit
    {
        internal ProxyTraceEdit(string path, string kind, string attribute, string? previous, string? value, ProxyTraceAction action, string? backupPath, string statePath)
        {
            Path = path;
            Kind = kind;
            Attribute = attribute;
            PreviousValue = previous;
            Value = value;
            Action = action;
            BackupPath = backupPath;
            StatePath = statePath;
        }

        public string Path { get; }

        /// <summary>"Liberty server.xml" or "WebSphere server.xml".</summary>
        public string Kind { get; }

        /// <summary>traceSpecification (Liberty logging) or startupTraceSpecification (WebSphere TraceService).</summary>
        public string Attribute { get; }

        /// <summary>The specification before the change; null when the attribute was not there.</summary>
        public string? PreviousValue { get; }

        /// <summary>The specification after the change; null when the attribute was removed.</summary>
        public string? Value { get; }

        public ProxyTraceAction Action { get; }

        public string? BackupPath { get; }

        /// <summary>The file beside the server.xml that remembers the specification to restore.</summary>
        public string StatePath { get; }

        public bool Changed => Action == ProxyTraceAction.Enabled || Action == ProxyTraceAction.Restored || Action == ProxyTraceAction.Reset;

        /// <summary>WebSphere reads startupTraceSpecification at start; Liberty picks up server.xml changes itself.</summary>
        public bool RestartRequired => Changed && Kind == ProxyTrace.WebSphereKind;
    }

    /// <summary>
    /// The WebSphere security trace of guide section 4.1 ("Websphere Security Trace") switched on and off in the proxy's
    /// configuration: Liberty server.xml &lt;logging traceSpecification&gt; or the TraceService startupTraceSpecification of
    /// a WebSphere server.xml. Only the attribute's characters change (or, in a Liberty file without &lt;logging&gt;, one
    /// line is added); every other byte stays. The previous specification is remembered in a small state file beside
    /// the server.xml (<see cref="StatePathFor"/>) so that disabling puts it back exactly.
    /// </summary>
    public static class ProxyTrace
    {
        /// <summary>The guide's specification (4.1, Server Component Trace, step 3).</summary>
        public const string SecuritySpecification = "*=info:com.ibm.ws.security.*=all:com.ibm.websphere.wim.*=all:com.ibm.wsspi.wim.*=all:com.ibm.ws.wim.*=all";

        /// <summary>The product default of both servers, used by Disable when nothing was remembered.</summary>
        public const string DefaultSpecification = "*=info";

        public const string LibertyKind = "Liberty server.xml";
        public const string WebSphereKind = "WebSphere server.xml";

        public const string ErrorUnreadable = "ProxyTraceFileInvalid";
        public const string ErrorChanged = "ProxyTraceChangedSinceEnable";

        private const string StateSuffix = ".sametimeadmin-trace";
        private const string StateHeader = "# SametimeAdmin: trace specification to restore with " + ModuleCommands.DisableProxySecurityTrace;

        /// <summary>The state file of <paramref name="path"/>: the same name with .sametimeadmin-trace appended.</summary>
        public static string StatePathFor(string path) => Path.GetFullPath(path) + StateSuffix;

        /// <summary>
        /// Writes <paramref name="specification"/> (the guide's by default). Returns null when <paramref name="shouldProcess"/> declines.
        /// </summary>
        public static ProxyTraceEdit? Enable(string path, string? specification, Func<string, bool> shouldProcess, int backupCount = AtomicFile.DefaultBackupCount)
        {
            string spec = string.IsNullOrWhiteSpace(specification) ? SecuritySpecification : specification!.Trim();
            string fullPath = Path.GetFullPath(path);
            string statePath = StatePathFor(fullPath);
            var preview = TraceFile.Load(fullPath, out _);
            if (preview.Value == spec)
            {
                return preview.Outcome(null, spec, ProxyTraceAction.Unchanged, null, statePath);
            }

            bool remember = !File.Exists(statePath);
            string description = $"Set {preview.Attribute} to '{spec}' in the {preview.Kind} (now {Quote(preview.Value)})" +
                (remember ? $"; remember the current value in '{statePath}'" : string.Empty);
            if (!shouldProcess(description))
            {
                return null;
            }

            using (AtomicFile.AcquireLock(fullPath, TimeSpan.FromSeconds(15)))
            {
                var file = TraceFile.Load(fullPath, out FileSnapshot read);
                if (file.Value == spec)
                {
                    return file.Outcome(null, spec, ProxyTraceAction.Unchanged, null, statePath);
                }

                remember = !File.Exists(statePath);
                byte[]? earlierState = remember ? null : File.ReadAllBytes(statePath);

                // The first Enable's previous value stays the one to restore; the state learns what is written now.
                string state = remember ? file.DescribeState(spec) : State.Read(statePath).With(spec);
                AtomicFile.Write(statePath, Encoding.UTF8.GetBytes(state), backup: false);

                try
                {
                    string? backup = AtomicFile.Write(fullPath, file.WithValue(spec), new AtomicWriteOptions { Backup = true, BackupCount = backupCount, Expected = read });
                    return file.Outcome(file.Value, spec, ProxyTraceAction.Enabled, backup, statePath);
                }
                catch
                {
                    if (remember)
                    {
                        File.Delete(statePath);
                    }
                    else
                    {
                        AtomicFile.Write(statePath, earlierState!, backup: false);
                    }

                    throw;
                }
            }
        }

        /// <summary>
        /// Puts back the specification Enable remembered; without a state file, replaces a security trace by *=info.
        /// Returns null when <paramref name="shouldProcess"/> declines.
        /// </summary>
        public static ProxyTraceEdit? Disable(string path, Func<string, bool> shouldProcess, int backupCount = AtomicFile.DefaultBackupCount)
        {
            string fullPath = Path.GetFullPath(path);
            string statePath = StatePathFor(fullPath);
            var preview = TraceFile.Load(fullPath, out _);
            var plan = Plan(preview, statePath);
            if (plan == null)
            {
                return preview.Outcome(preview.Value, preview.Value, ProxyTraceAction.NotEnabled, null, statePath);
            }

            if (!shouldProcess(plan.Value.Description))
            {
                return null;
            }

            using (AtomicFile.AcquireLock(fullPath, TimeSpan.FromSeconds(15)))
            {
                var file = TraceFile.Load(fullPath, out FileSnapshot read);
                var current = Plan(file, statePath);
                if (current == null)
                {
                    return file.Outcome(file.Value, file.Value, ProxyTraceAction.NotEnabled, null, statePath);
                }

                string? backup = AtomicFile.Write(fullPath, current.Value.Content, new AtomicWriteOptions { Backup = true, BackupCount = backupCount, Expected = read });
                if (File.Exists(statePath))
                {
                    File.Delete(statePath);
                }

                return file.Outcome(file.Value, current.Value.Restored, current.Value.Action, backup, statePath);
            }
        }

        private static (string Description, byte[] Content, string? Restored, ProxyTraceAction Action)? Plan(TraceFile file, string statePath)
        {
            if (File.Exists(statePath))
            {
                var state = State.Read(statePath);
                if (file.Value != state.Enabled)
                {
                    throw new SametimeAdminException(ErrorChanged, FailureKind.InvalidOperation,
                        $"{file.Attribute} in '{file.Path}' is {Quote(file.Value)}, not the '{state.Enabled}' {ModuleCommands.EnableProxySecurityTrace} wrote: it was changed since, so the remembered value ({Quote(state.Previous)}) is not put back; nothing was changed.")
                    {
                        RecommendedAction = $"Set the trace by hand, or delete '{statePath}' and run {ModuleCommands.DisableProxySecurityTrace} again to reset a security trace to {DefaultSpecification}.",
                    };
                }

                byte[] content = state.Kind switch
                {
                    State.ElementAbsent => file.WithoutInsertedElement(),
                    State.AttributeAbsent => file.WithoutAttribute(),
                    _ => file.WithValue(state.Previous!),
                };
                string what = state.Kind == State.Present ? $"set {file.Attribute} back to '{state.Previous}'" :
                    state.Kind == State.AttributeAbsent ? $"remove {file.Attribute} again (it was not set)" : "remove the <logging> element " + ModuleCommands.EnableProxySecurityTrace + " added";
                return ($"In the {file.Kind}, {what} (now {Quote(file.Value)}), as remembered in '{statePath}'", content, state.Previous, ProxyTraceAction.Restored);
            }

            if (file.Value == null || file.Value.IndexOf("com.ibm.ws.security.*=all", StringComparison.Ordinal) < 0)
            {
                return null;
            }

            return ($"Set {file.Attribute} to '{DefaultSpecification}' in the {file.Kind} (now '{file.Value}'; no remembered value in '{statePath}')",
                file.WithValue(DefaultSpecification), DefaultSpecification, ProxyTraceAction.Reset);
        }

        private static string Quote(string? value) => value == null ? "not set" : "'" + value + "'";

        /// <summary>The state file: what the attribute was before Enable, and what Enable wrote.</summary>
        private readonly struct State
        {
            public const string Present = "attribute";
            public const string AttributeAbsent = "attribute-absent";
            public const string ElementAbsent = "element-absent";

            private State(string kind, string? previous, string enabled)
            {
                Kind = kind;
                Previous = previous;
                Enabled = enabled;
            }

            public string Kind { get; }

            public string? Previous { get; }

            public string Enabled { get; }

            public string With(string enabled) => Write(Kind, Previous, enabled);

            public static string Write(string kind, string? previous, string enabled)
            {
                var sb = new StringBuilder();
                sb.Append(StateHeader).Append('\n');
                sb.Append("state=").Append(kind).Append('\n');
                if (previous != null)
                {
                    sb.Append("previous=").Append(previous).Append('\n');
                }

                sb.Append("enabled=").Append(enabled).Append('\n');
                return sb.ToString();
            }

            public static State Read(string statePath)
            {
                var values = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (string line in File.ReadAllLines(statePath))
                {
                    int eq = line.IndexOf('=');
                    if (line.StartsWith("#", StringComparison.Ordinal) || eq <= 0)
                    {
                        continue;
                    }

                    values[line.Substring(0, eq)] = line.Substring(eq + 1);
                }

                if (!values.TryGetValue("state", out string? kind) || !values.TryGetValue("enabled", out string? enabled) ||
                    (kind != Present && kind != AttributeAbsent && kind != ElementAbsent) || (kind == Present && !values.ContainsKey("previous")))
                {
                    throw new SametimeAdminException(ErrorUnreadable, FailureKind.InvalidData,
                        $"'{statePath}' is not a state file written by {ModuleCommands.EnableProxySecurityTrace}; nothing was changed.")
                    {
                        RecommendedAction = "Delete it and set the trace specification by hand, or run " + ModuleCommands.DisableProxySecurityTrace + " again to reset a security trace to *=info.",
                    };
                }

                values.TryGetValue("previous", out string? previous);
                return new State(kind, previous, enabled);
            }
        }

        /// <summary>One server.xml as text, with the span of the trace attribute (or where it would go).</summary>
        private sealed class TraceFile
        {
            private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);

            private string text = string.Empty;
            private bool bom;
            private int tagStart;
            private int tagEnd; // index of the '>' closing the start tag, or -1 when the element is missing (Liberty)
            private int valueStart = -1;
            private int valueEnd = -1;
            private char quote = '"';
            private string newLine = "\n";

            public string Path { get; private set; } = string.Empty;

            public string Kind { get; private set; } = string.Empty;

            public string Attribute { get; private set; } = string.Empty;

            public string? Value { get; private set; }

            public static TraceFile Load(string fullPath, out FileSnapshot snapshot)
            {
                byte[]? bytes = AtomicFile.Read(fullPath, out snapshot);
                if (bytes == null)
                {
                    throw new SametimeAdminException("ProxyTraceFileNotFound", FailureKind.ObjectNotFound, $"'{fullPath}' does not exist; nothing was changed.")
                    {
                        RecommendedAction = "Give the Liberty server.xml (wlp/usr/servers/<server>/server.xml) or the WebSphere server.xml (config/cells/<cell>/nodes/<node>/servers/<server>/server.xml).",
                    };
                }

                var file = new TraceFile { Path = fullPath };
                file.bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
                try
                {
                    file.text = StrictUtf8.GetString(bytes, file.bom ? 3 : 0, bytes.Length - (file.bom ? 3 : 0));
                }
                catch (DecoderFallbackException)
                {
                    throw Invalid(fullPath, "is not UTF-8 text");
                }

                if (file.text.IndexOf("<!DOCTYPE", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    // As SafeXml: server.xml never has one, and its entities are not expanded.
                    throw new SametimeAdminException(SafeXml.ErrorDtd, FailureKind.InvalidData,
                        $"'{fullPath}' contains a document type declaration, which a server.xml never has; nothing was changed.");
                }

                file.newLine = file.text.Contains("\r\n") ? "\r\n" : "\n";
                file.Locate();
                return file;
            }

            public ProxyTraceEdit Outcome(string? previous, string? value, ProxyTraceAction action, string? backup, string statePath) =>
                new ProxyTraceEdit(Path, Kind, Attribute, previous, value, action, backup, statePath);

            public string DescribeState(string enabled) =>
                State.Write(tagEnd < 0 ? State.ElementAbsent : valueStart < 0 ? State.AttributeAbsent : State.Present, Value, enabled);

            public byte[] WithValue(string value)
            {
                string escaped = Escape(value);
                if (tagEnd < 0)
                {
                    // No <logging> in the Liberty file: one element after the last child of <server>, indented like it.
                    int insertAt = text.LastIndexOf("</", StringComparison.Ordinal);
                    if (insertAt < 0)
                    {
                        throw Invalid(Path, "has an empty <server/> element; add <logging/> inside <server></server> first");
                    }

                    while (insertAt > 0 && char.IsWhiteSpace(text[insertAt - 1]))
                    {
                        insertAt--;
                    }

                    string element = newLine + ChildIndent() + "<logging " + Attribute + "=\"" + escaped + "\"/>";
                    return Encode(text.Insert(insertAt, element));
                }

                if (valueStart >= 0)
                {
                    return Encode(text.Substring(0, valueStart) + escaped + text.Substring(valueEnd));
                }

                int at = tagEnd;
                if (text[at - 1] == '/')
                {
                    at--;
                }

                while (char.IsWhiteSpace(text[at - 1]))
                {
                    at--;
                }

                return Encode(text.Insert(at, " " + Attribute + "=\"" + escaped + "\""));
            }

            public byte[] WithoutAttribute()
            {
                int start = valueStart;
                if (start < 0)
                {
                    return Encode(text);
                }

                // Back over quote, '=', the name and the whitespace before it.
                int nameStart = text.LastIndexOf(Attribute, start, StringComparison.Ordinal);
                int from = nameStart;
                while (from > 0 && char.IsWhiteSpace(text[from - 1]))
                {
                    from--;
                }

                return Encode(text.Substring(0, from) + text.Substring(valueEnd + 1));
            }

            public byte[] WithoutInsertedElement()
            {
                if (tagEnd < 0)
                {
                    return Encode(text);
                }

                int from = tagStart;
                while (from > 0 && (text[from - 1] == ' ' || text[from - 1] == '\t'))
                {
                    from--;
                }

                if (text.Substring(0, from).EndsWith(newLine, StringComparison.Ordinal))
                {
                    from -= newLine.Length;
                }

                return Encode(text.Substring(0, from) + text.Substring(tagEnd + 1));
            }

            private static SametimeAdminException Invalid(string path, string why) =>
                new SametimeAdminException(ErrorUnreadable, FailureKind.InvalidData, $"'{path}' {why}; nothing was changed.")
                {
                    RecommendedAction = "Give the Liberty server.xml or the WebSphere server.xml of the Sametime Proxy server.",
                };

            private byte[] Encode(string content)
            {
                byte[] body = StrictUtf8.GetBytes(content);
                return bom ? new byte[] { 0xEF, 0xBB, 0xBF }.Concat(body).ToArray() : body;
            }

            private string Escape(string value)
            {
                string escaped = value.Replace("&", "&amp;").Replace("<", "&lt;");
                return quote == '"' ? escaped.Replace("\"", "&quot;") : escaped.Replace("'", "&apos;");
            }

            private string ChildIndent()
            {
                var match = Regex.Match(text, @"(?:\r\n|\n)([ \t]+)<[A-Za-z]");
                return match.Success ? match.Groups[1].Value : "    ";
            }

            /// <summary>Finds the element and attribute with XmlReader line positions mapped back onto the text.</summary>
            private void Locate()
            {
                var lineStarts = new List<int> { 0 };
                for (int i = 0; i < text.Length; i++)
                {
                    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n')))
                    {
                        lineStarts.Add(i + 1);
                    }
                }

                var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
                tagEnd = -1;
                try
                {
                    using (var reader = XmlReader.Create(new StringReader(text), settings))
                    {
                        var info = (IXmlLineInfo)reader;
                        int depth = -1;
                        string? rootName = null;
                        while (reader.Read())
                        {
                            if (reader.NodeType != XmlNodeType.Element)
                            {
                                continue;
                            }

                            if (rootName == null)
                            {
                                rootName = reader.LocalName;
                                depth = reader.Depth;
                                if (rootName == "server")
                                {
                                    Kind = LibertyKind;
                                    Attribute = "traceSpecification";
                                }
                                else if (rootName == "Server")
                                {
                                    Kind = WebSphereKind;
                                    Attribute = "startupTraceSpecification";
                                }
                                else
                                {
                                    throw Invalid(Path, $"is neither a Liberty server.xml (root element server) nor a WebSphere server.xml (root element process:Server); its root element is '{rootName}'");
                                }

                                continue;
                            }

                            bool target = Kind == LibertyKind
                                ? reader.Depth == depth + 1 && reader.LocalName == "logging"
                                : reader.LocalName == "services" && (reader.GetAttribute("type", "http://www.omg.org/XMI") ?? string.Empty).EndsWith("TraceService", StringComparison.Ordinal);
                            if (target)
                            {
                                tagStart = lineStarts[info.LineNumber - 1] + info.LinePosition - 2;
                                break;
                            }
                        }

                        if (rootName == null)
                        {
                            throw Invalid(Path, "has no root element");
                        }
                    }
                }
                catch (XmlException ex)
                {
                    throw Invalid(Path, "is not well-formed XML (" + ex.Message + ")");
                }

                if (tagStart <= 0 || text[tagStart] != '<')
                {
                    if (Kind == WebSphereKind)
                    {
                        throw Invalid(Path, "has no TraceService (services xmi:type=\"traceservice:TraceService\")");
                    }

                    tagStart = 0;
                    return;
                }

                tagEnd = TagEnd(tagStart);
                string tag = text.Substring(tagStart, tagEnd - tagStart + 1);
                var match = Regex.Match(tag, @"\s" + Regex.Escape(Attribute) + @"\s*=\s*(?:""(?<d>[^""]*)""|'(?<s>[^']*)')");
                if (match.Success)
                {
                    Group value = match.Groups["d"].Success ? match.Groups["d"] : match.Groups["s"];
                    quote = match.Groups["d"].Success ? '"' : '\'';
                    valueStart = tagStart + value.Index;
                    valueEnd = valueStart + value.Length;
                    Value = Unescape(value.Value);
                }
            }

            private int TagEnd(int start)
            {
                char inQuote = '\0';
                for (int i = start; i < text.Length; i++)
                {
                    char c = text[i];
                    if (inQuote != '\0')
                    {
                        if (c == inQuote)
                        {
                            inQuote = '\0';
                        }
                    }
                    else if (c == '"' || c == '\'')
                    {
                        inQuote = c;
                    }
                    else if (c == '>')
                    {
                        return i;
                    }
                }

                throw Invalid(Path, "has an unterminated start tag");
            }

            private static string Unescape(string raw) =>
                raw.Replace("&quot;", "\"").Replace("&apos;", "'").Replace("&lt;", "<").Replace("&gt;", ">").Replace("&amp;", "&");
        }
    }
}

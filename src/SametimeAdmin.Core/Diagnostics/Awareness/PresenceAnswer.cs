using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Newtonsoft.Json.Linq;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>
    /// Reads user statuses from an /stwebapi/presence answer. The proxy's answer format is not publicly documented; what
    /// is documented (the Sametime proxy's client constants) is the person object with a numeric awareness "status"
    /// (-1 unknown ... 10 in a meeting, mobile) and "statusMessage". So the reader accepts that object wherever it sits:
    /// at the top level, in any list ("presence": [...], "statuses": [...], a bare array) or as the value of a per-user
    /// map keyed by user id, and the documented constant names ("AWAY") as well as numbers.
    /// </summary>
    internal static class PresenceAnswer
    {
        private const int MaxDepth = 5;
        private static readonly string[] StatusNames = { "status", "awareness", "statusCode", "presenceStatus" };
        private static readonly string[] IdNames = { "id", "userId", "userid", "username", "userName", "uid", "name" };
        private static readonly string[] MessageNames = { "statusMessage", "statusMsg", "message" };

        /// <summary>The awareness constants of the Sametime proxy client (stproxy.awareness), by name.</summary>
        private static readonly Dictionary<string, int> Constants = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
        {
            ["UNKNOWN"] = -1,
            ["OFFLINE"] = 0,
            ["AVAILABLE"] = 1,
            ["AWAY"] = 2,
            ["DND"] = 3,
            ["NOT_USING"] = 4,
            ["IN_MEETING"] = 5,
            ["AVAILABLE_MOBILE"] = 6,
            ["AWAY_MOBILE"] = 7,
            ["DND_MOBILE"] = 8,
            ["IN_MEETING_MOBILE"] = 10,
        };

        /// <summary>Every status entry in the answer, in document order.</summary>
        public static IReadOnlyList<PresenceEntry> Read(JToken? json)
        {
            var found = new List<PresenceEntry>();
            if (json != null)
            {
                Walk(json, null, 0, found);
            }

            return found;
        }

        /// <summary>The entry for <paramref name="user"/>: one that names the user, or the only entry when it names nobody else.</summary>
        public static PresenceEntry? For(IReadOnlyList<PresenceEntry> entries, string user)
        {
            var named = entries.FirstOrDefault(e => e.Id != null && SameUser(e.Id, user));
            if (named != null)
            {
                return named;
            }

            return entries.Count == 1 && !entries[0].IdIsExplicit ? entries[0] : null;
        }

        /// <summary>The structure of an answer without its values: property names and value types, for evidence.</summary>
        public static string Shape(JToken? json)
        {
            if (json == null)
            {
                return "no JSON";
            }

            var sb = new StringBuilder();
            AppendShape(sb, json, 0);
            return SametimeWebAnswer.Shorten(sb.ToString(), 300);
        }

        public static string StatusName(int code) => code switch
        {
            -1 => "unknown",
            0 => "offline",
            1 => "available",
            2 => "away",
            3 => "do not disturb",
            4 => "not using the computer",
            5 => "in a meeting",
            6 => "available (mobile)",
            7 => "away (mobile)",
            8 => "do not disturb (mobile)",
            10 => "in a meeting (mobile)",
            _ => "status",
        };

        private static void Walk(JToken token, string? key, int depth, List<PresenceEntry> found)
        {
            if (depth > MaxDepth)
            {
                return;
            }

            if (token is JArray array)
            {
                foreach (var item in array)
                {
                    Walk(item, null, depth + 1, found);
                }

                return;
            }

            if (!(token is JObject obj))
            {
                return;
            }

            var entry = Person(obj, key);
            if (entry != null)
            {
                found.Add(entry);
                return;
            }

            string? id = FirstText(obj, IdNames);
            foreach (var property in obj.Properties())
            {
                if (property.Value is JObject || property.Value is JArray)
                {
                    // A nested object names its user by the key it sits under (a per-user map), unless this object names one.
                    Walk(property.Value, id ?? property.Name, depth + 1, found);
                }
            }
        }

        private static PresenceEntry? Person(JObject obj, string? key)
        {
            foreach (string name in StatusNames)
            {
                var value = Property(obj, name);
                if (value != null && TryCode(value, out int code))
                {
                    string? id = FirstText(obj, IdNames);
                    return new PresenceEntry(id ?? key, id != null, code, FirstText(obj, MessageNames));
                }
            }

            return null;
        }

        private static bool TryCode(JToken value, out int code)
        {
            code = 0;
            switch (value.Type)
            {
                case JTokenType.Integer:
                    long number = value.Value<long>();
                    if (number < int.MinValue || number > int.MaxValue)
                    {
                        return false;
                    }

                    code = (int)number;
                    return true;
                case JTokenType.String:
                    string text = value.Value<string>()!.Trim();
                    return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out code) || Constants.TryGetValue(text, out code);
                default:
                    return false;
            }
        }

        private static JToken? Property(JObject obj, string name) =>
            obj.Properties().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.Value;

        private static string? FirstText(JObject obj, string[] names)
        {
            foreach (string name in names)
            {
                var value = Property(obj, name);
                if (value != null && (value.Type == JTokenType.String || value.Type == JTokenType.Integer))
                {
                    string text = value.ToString().Trim();
                    if (text.Length > 0)
                    {
                        return text;
                    }
                }
            }

            return null;
        }

        /// <summary>The same user: equal ids, Notes '/' and LDAP ',' forms alike, or equal first name parts (a short name).</summary>
        internal static bool SameUser(string a, string b)
        {
            string x = Normalize(a);
            string y = Normalize(b);
            return x == y || FirstValue(x) == y || x == FirstValue(y) || (x.IndexOf('=') >= 0 && y.IndexOf('=') >= 0 && FirstValue(x) == FirstValue(y) && Rest(x) == Rest(y));
        }

        private static string Normalize(string id) =>
            string.Join(",", id.Trim().ToLowerInvariant().Replace('/', ',').Split(',').Select(p => p.Trim()));

        private static string FirstValue(string id)
        {
            string first = id.Split(',')[0];
            int eq = first.IndexOf('=');
            return eq > 0 && eq <= 4 ? first.Substring(eq + 1) : first;
        }

        private static string Rest(string id)
        {
            int comma = id.IndexOf(',');
            return comma < 0 ? string.Empty : id.Substring(comma + 1);
        }

        private static void AppendShape(StringBuilder sb, JToken token, int depth)
        {
            switch (token)
            {
                case JObject obj:
                    if (depth >= 3)
                    {
                        sb.Append("{…}");
                        return;
                    }

                    sb.Append('{');
                    int shown = 0;
                    foreach (var property in obj.Properties())
                    {
                        if (shown == 8)
                        {
                            sb.Append(", …");
                            break;
                        }

                        sb.Append(shown++ == 0 ? string.Empty : ", ").Append(SametimeWebAnswer.Shorten(property.Name, 40)).Append(": ");
                        AppendShape(sb, property.Value, depth + 1);
                    }

                    sb.Append('}');
                    return;
                case JArray array:
                    sb.Append('[');
                    if (array.Count > 0)
                    {
                        AppendShape(sb, array[0], depth + 1);
                    }

                    sb.Append("] (").Append(array.Count.ToString(CultureInfo.InvariantCulture)).Append(array.Count == 1 ? " item)" : " items)");
                    return;
                default:
                    sb.Append(token.Type switch
                    {
                        JTokenType.Integer or JTokenType.Float => "number",
                        JTokenType.String => "string",
                        JTokenType.Boolean => "boolean",
                        JTokenType.Null => "null",
                        _ => token.Type.ToString().ToLowerInvariant(),
                    });
                    return;
            }
        }
    }
}

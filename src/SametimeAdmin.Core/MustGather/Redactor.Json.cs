using System;
using System.Linq;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace SametimeAdmin.MustGather
{
    public sealed partial class Redactor
    {
        private string RedactJsonText(string text, RedactionLog log)
        {
            JToken root;
            try
            {
                root = JToken.Parse(text);
            }
            catch (JsonException ex)
            {
                // A truncated capture: the line rules still catch cookies, tokens and quoted passwords.
                log.Method = "line rules only: not valid JSON (" + ex.Message + ")";
                return RedactLine(text, log);
            }

            log.Method = "JSON parsed: HAR cookies, headers and parameters, properties with secret names + line rules on every string";
            RedactJson(root, log);
            return root.ToString(Formatting.Indented);
        }

        private void RedactJson(JToken token, RedactionLog log)
        {
            if (token is JObject obj)
            {
                // HAR name/value pairs: cookies, headers, query strings, form parameters.
                if (obj["name"] is JValue nameValue && nameValue.Type == JTokenType.String && obj["value"] is JValue valueValue && valueValue.Type == JTokenType.String)
                {
                    string name = (string)nameValue!;
                    string value = (string)valueValue!;
                    if (value.Length > 0 && !IsMarker(value))
                    {
                        string? replaced = RedactNamedValue(obj, name, value, log);
                        if (replaced != null)
                        {
                            obj["value"] = replaced;
                        }
                    }
                }

                foreach (var property in obj.Properties().ToList())
                {
                    if (property.Value is JValue v && v.Type == JTokenType.String)
                    {
                        string s = (string)v!;
                        SecretClass secretClass = SecretNames.Classify(property.Name);
                        string redacted = secretClass != SecretClass.None && s.Trim().Length > 0 && !IsMarker(s)
                            ? Secret(secretClass, property.Name, s, log)
                            : RedactLine(s, log);
                        if (redacted != s)
                        {
                            property.Value = redacted;
                        }
                    }
                    else
                    {
                        RedactJson(property.Value, log);
                    }
                }
            }
            else if (token is JArray array)
            {
                foreach (var item in array.ToList())
                {
                    if (item is JValue v && v.Type == JTokenType.String)
                    {
                        string s = (string)v!;
                        string redacted = RedactLine(s, log);
                        if (redacted != s)
                        {
                            v.Value = redacted;
                        }
                    }
                    else
                    {
                        RedactJson(item, log);
                    }
                }
            }
        }

        private string? RedactNamedValue(JObject pair, string name, string value, RedactionLog log)
        {
            bool isCookie = pair.Parent?.Parent is JProperty owner && owner.Name.Equals("cookies", StringComparison.OrdinalIgnoreCase);
            if (isCookie)
            {
                string kind = SecretNames.TokenKind(name);
                return Token(kind == "Token" ? "Cookie" : kind, value, log);
            }

            if (name.Equals("cookie", StringComparison.OrdinalIgnoreCase) || name.Equals("set-cookie", StringComparison.OrdinalIgnoreCase))
            {
                return RedactCookieList(value, name.Equals("set-cookie", StringComparison.OrdinalIgnoreCase), log);
            }

            if (name.EndsWith("authorization", StringComparison.OrdinalIgnoreCase))
            {
                return Password("Authorization", log);
            }

            SecretClass secretClass = SecretNames.Classify(name);
            return secretClass == SecretClass.None ? null : Secret(secretClass, name, value, log);
        }
    }
}

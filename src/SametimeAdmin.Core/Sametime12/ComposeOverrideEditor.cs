using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SametimeAdmin.Common;
using SametimeAdmin.ConfigFiles;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace SametimeAdmin.Sametime12
{
    /// <summary>
    /// Sets one environment variable of one service in a compose override file without re-serialising the user's YAML:
    /// a new file is written from a fixed template; an existing one gets a line replaced or inserted where YamlDotNet
    /// places the node (block style only), everything else kept byte for byte. Layouts it cannot edit safely (flow
    /// style, multi-line entries) are refused with the lines to add by hand.
    /// </summary>
    internal static class ComposeOverrideEditor
    {
        public const string Header = "# Merged by Docker Compose into docker-compose.yml (written by SametimeAdmin " + ModuleCommands.SetSt12SsoConfig + ").";

        /// <summary>The new file content, or null when the variable already has the value.</summary>
        public static byte[]? SetVariable(byte[]? current, string displayPath, string service, string name, string value)
        {
            if (current == null)
            {
                string text = Header + "\n" + "services:\n" + "  " + service + ":\n" + "    environment:\n" + "      - " + name + "=" + value + "\n";
                return System.Text.Encoding.UTF8.GetBytes(text);
            }

            ConfigFileText lines = ConfigFileText.Parse(current, displayPath, "\n");
            var yaml = new YamlStream();
            try
            {
                yaml.Load(new StringReader(System.Text.Encoding.UTF8.GetString(current).TrimStart('\uFEFF')));
            }
            catch (YamlException ex)
            {
                throw new SametimeAdminException("InvalidYaml", FailureKind.InvalidData,
                    $"'{displayPath}' is not valid YAML (line {ex.Start.Line}): {ex.Message}. Nothing was changed.", ex);
            }

            YamlMappingNode? root = yaml.Documents.Count == 0 ? null : yaml.Documents[0].RootNode as YamlMappingNode;
            if (root == null)
            {
                throw NotEditable(displayPath, service, name, value, "it has no top-level map");
            }

            YamlMappingNode? services = Child(root, "services") as YamlMappingNode;
            if (services == null || services.Style == MappingStyle.Flow)
            {
                if (Child(root, "services") != null)
                {
                    throw NotEditable(displayPath, service, name, value, "its services: entry is not a block map");
                }

                AppendLines(lines, "services:", "  " + service + ":", "    environment:", "      - " + name + "=" + value);
                return lines.ToBytes();
            }

            YamlNode? serviceNode = Child(services, service);
            int serviceIndent = services.Children.Count == 0 ? 2 : (int)services.Children.First().Key.Start.Column - 1;
            if (serviceNode == null)
            {
                string pad = new string(' ', serviceIndent);
                InsertAfter(lines, LastLine(services), pad + service + ":", pad + "  environment:", pad + "    - " + name + "=" + value);
                return lines.ToBytes();
            }

            if (!(serviceNode is YamlMappingNode serviceMap) || serviceMap.Style == MappingStyle.Flow)
            {
                throw NotEditable(displayPath, service, name, value, "the " + service + " service is not a block map");
            }

            int keyIndent = serviceMap.Children.Count == 0 ? serviceIndent + 2 : (int)serviceMap.Children.First().Key.Start.Column - 1;
            YamlNode? environment = Child(serviceMap, "environment");
            if (environment == null)
            {
                string pad = new string(' ', keyIndent);
                int after = serviceMap.Children.Count == 0 ? (int)FindKey(services, service)!.Start.Line - 1 : LastLine(serviceMap);
                InsertAfter(lines, after, pad + "environment:", pad + "  - " + name + "=" + value);
                return lines.ToBytes();
            }

            if (environment is YamlSequenceNode sequence && sequence.Style != SequenceStyle.Flow)
            {
                foreach (YamlNode item in sequence.Children)
                {
                    if (item is YamlScalarNode scalar && VariableName(scalar.Value) == name)
                    {
                        if (scalar.Value == name + "=" + value)
                        {
                            return null;
                        }

                        ReplaceScalar(lines, scalar, displayPath, service, name, value, name + "=" + value);
                        return lines.ToBytes();
                    }
                }

                if (sequence.Children.Count == 0 || sequence.Children.Any(c => !(c is YamlScalarNode) || c.Start.Line != c.End.Line))
                {
                    throw NotEditable(displayPath, service, name, value, "its environment list is empty or has multi-line entries");
                }

                YamlNode first = sequence.Children[0];
                string firstLine = lines[(int)first.Start.Line - 1];
                string prefix = firstLine.Substring(0, (int)first.Start.Column - 1);
                InsertAfter(lines, (int)sequence.Children.Last().Start.Line - 1, prefix + name + "=" + value);
                return lines.ToBytes();
            }

            if (environment is YamlMappingNode envMap && envMap.Style != MappingStyle.Flow)
            {
                YamlScalarNode? existingKey = FindKey(envMap, name) as YamlScalarNode;
                if (existingKey != null)
                {
                    YamlNode existing = envMap.Children[existingKey];
                    if (existing is YamlScalarNode existingValue && existingValue.Value == value)
                    {
                        return null;
                    }

                    if (!(existing is YamlScalarNode valueNode) || valueNode.Start.Line != existingKey.Start.Line || valueNode.Start.Line != valueNode.End.Line)
                    {
                        throw NotEditable(displayPath, service, name, value, "the value of " + name + " is not on the key's line");
                    }

                    ReplaceScalar(lines, valueNode, displayPath, service, name, value, "\"" + value + "\"");
                    return lines.ToBytes();
                }

                if (envMap.Children.Count == 0)
                {
                    throw NotEditable(displayPath, service, name, value, "its environment map is empty");
                }

                string pad = new string(' ', (int)envMap.Children.First().Key.Start.Column - 1);
                InsertAfter(lines, LastLine(envMap), pad + name + ": \"" + value + "\"");
                return lines.ToBytes();
            }

            throw NotEditable(displayPath, service, name, value, "its environment entry is written in flow style");
        }

        private static string VariableName(string? item)
        {
            string text = item ?? string.Empty;
            int equals = text.IndexOf('=');
            return (equals < 0 ? text : text.Substring(0, equals)).Trim();
        }

        private static YamlNode? Child(YamlMappingNode map, string key)
        {
            YamlNode? found = FindKey(map, key);
            return found == null ? null : map.Children[found];
        }

        private static YamlNode? FindKey(YamlMappingNode map, string key) =>
            map.Children.Keys.FirstOrDefault(k => k is YamlScalarNode s && s.Value == key);

        /// <summary>0-based index of the last line that belongs to a block map (its last value's last line).</summary>
        private static int LastLine(YamlMappingNode map)
        {
            KeyValuePair<YamlNode, YamlNode> last = map.Children.Last();
            return Math.Max((int)last.Key.Start.Line, LastLine(last.Value)) - 1;
        }

        /// <summary>1-based line of the last content of a node (End of a block node can be on the next key's line).</summary>
        private static int LastLine(YamlNode node) => node switch
        {
            YamlMappingNode map when map.Children.Count > 0 => LastLine(map) + 1,
            YamlSequenceNode seq when seq.Children.Count > 0 => LastLine(seq.Children.Last()),
            YamlScalarNode scalar => (int)(scalar.End.Column == 1 && scalar.End.Line > scalar.Start.Line ? scalar.End.Line - 1 : scalar.End.Line),
            _ => (int)node.Start.Line,
        };

        private static void ReplaceScalar(ConfigFileText lines, YamlScalarNode scalar, string displayPath, string service, string name, string value, string replacement)
        {
            if (scalar.Start.Line != scalar.End.Line)
            {
                throw NotEditable(displayPath, service, name, value, "the entry spans several lines");
            }

            int index = (int)scalar.Start.Line - 1;
            string line = lines[index];
            int start = (int)scalar.Start.Column - 1;
            int end = (int)scalar.End.Column - 1;
            lines.Replace(index, line.Substring(0, start) + replacement + line.Substring(Math.Min(end, line.Length)));
        }

        private static void InsertAfter(ConfigFileText lines, int lineIndex, params string[] added)
        {
            for (int i = 0; i < added.Length; i++)
            {
                lines.Insert(lineIndex + 1 + i, added[i]);
            }
        }

        private static void AppendLines(ConfigFileText lines, params string[] added)
        {
            foreach (string line in added)
            {
                lines.Insert(lines.Count, line);
            }
        }

        private static SametimeAdminException NotEditable(string path, string service, string name, string value, string why) =>
            new SametimeAdminException("ComposeOverrideNotEditable", FailureKind.InvalidData,
                $"'{path}' was not changed: {why}, which SametimeAdmin does not edit without rewriting your YAML.")
            {
                RecommendedAction = $"Add it by hand under services: / {service}: / environment: as the list entry \"- {name}={value}\", then run 'docker compose up -d'.",
            };
    }
}

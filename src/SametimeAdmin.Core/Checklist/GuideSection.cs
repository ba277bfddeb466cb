namespace SametimeAdmin.Checklist
{
    /// <summary>The areas of the guide's verification checklist and the sections that describe each step.</summary>
    public static class ChecklistArea
    {
        public const string Tokens = "Tokens";
        public const string ConfigurationDocuments = "Configuration Documents";
        public const string ReplicationConflicts = "Replication Conflicts";
        public const string Startup = "Synchronization and startup";
        public const string SscSecurity = "SSC Security Settings";
        public const string EndUserAccess = "End User Access";
        public const string CrossServer = "Cross-server";
        public const string Inventory = "Inventory";
        public const string Sametime12 = "Sametime 12";
    }

    /// <summary>Section references into the Sametime and iNotes Integration Guide.</summary>
    public static class GuideSection
    {
        public const string ProxyKeys = "3.1 The Sametime Proxy Server (export the LTPA key)";
        public const string INotesWebSso = "3.2 The iNotes Web Server (Updating the Web SSO Configuration)";
        public const string INotesDirectory = "3.2 The iNotes Web Server (Editing the Domino directory)";
        public const string CommunityWebSso = "3.3 The Sametime Community Server (Importing the WAS LTPA token)";
        public const string TrustedIps = "3.3 The Sametime Community Server (Community Trusted IPs)";
        public const string LoginFailures = "4.1 Login Failures";
        public const string TokenType = "4.1 Login Failures (Certificate Problems: [AuthToken] ST_TOKEN_TYPE)";
        public const string ServerTrace = "4.1 Login Failures (Server Component Trace)";
        public const string NoAwareness = "4.2 No Awareness in iNotes Web Mail Inbox";
        public const string BuddyList = "4.3 Buddy List Issues";
        public const string Architecture = "2.2 Server Components";
        public const string Inventory = "2.2 Server Components; 2.3 Important URLs; 2.4 Configuration Files and Databases";
        public const string LdapAccess = "4.1 Login Failures (Problems accessing the LDAP Server)";
        public const string Checklist = "Verification Checklist";

        /// <summary>The guide is written for Sametime 9; a Sametime 12 site follows HCL's LTPA pages instead.</summary>
        public const string Sametime12 = "Sametime 12 (HCL: Configuring LTPA in Docker or Podman / in Kubernetes; Content Security Policy)";
    }
}

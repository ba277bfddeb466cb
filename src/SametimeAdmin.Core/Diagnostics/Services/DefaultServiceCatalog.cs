namespace SametimeAdmin.Diagnostics
{
    /// <summary>The built-in service catalogue, kept as CSV text so it reads like the file an administrator can supply.</summary>
    internal static class DefaultServiceCatalog
    {
        internal const string Csv = """
            # The Sametime services of a Domino-based Windows Community Server (24 in all).
            # Evidence: Confirmed = the display name is shown in IBM/HCL material; Inferred = deduced, verify on a real server.
            # Figure 18 of the Sametime & iNotes Integration Guide lists 18 services sorted by name and is cut after
            # "ST Presence Subscriptions"; the remaining six therefore sort after it. Their names come from the Sametime
            # process list of a monitoring product and BMC Discovery patterns (secondary sources).
            # Executables are lower-case process names without ".exe"; an empty value means unknown.
            Name,DisplayName,Executable,Evidence,ExecutableEvidence,Description,Source
            ST Admin Service,ST Admin Service,stadminsrv,Confirmed,Inferred,Sametime administration service,Integration guide Figure 18; executable from a Sametime monitoring product's process list
            ST Chat Logging,ST Chat Logging,stchatlogging,Confirmed,Inferred,Community chat logging services,Integration guide Figure 18; executable from a Sametime monitoring product's process list
            ST Community,ST Community,stcommunity,Confirmed,Inferred,Community services,Integration guide Figure 18; executable from a Sametime monitoring product's process list
            ST Community Launch,ST Community Launch,stcommlaunch,Confirmed,Confirmed,Community services launcher,Integration guide Figure 18; IBM technote on the start-up sequence of Sametime services (STCommLaunch.exe)
            ST Conference,ST Conference,stconference,Confirmed,Inferred,Community conference services,Integration guide Figure 18; executable from a Sametime monitoring product's process list
            ST Configuration,ST Configuration,stconfiguration,Confirmed,Inferred,Community services configuration,Integration guide Figure 18; executable from a Sametime monitoring product's process list
            ST Directory,ST Directory,stdirectory,Confirmed,Inferred,Community directory services,Integration guide Figure 18; executable from a Sametime monitoring product's process list
            ST File Transfer,ST File Transfer,stfiletransfer,Confirmed,Inferred,File transfer,Integration guide Figure 18; executable from BMC Discovery process patterns
            ST Logger,ST Logger,stlogger,Confirmed,Inferred,Community logging services,Integration guide Figure 18; executable from a Sametime monitoring product's process list
            ST Mux,ST Mux,stmux,Confirmed,Inferred,Community services multiplexer (client connections),Integration guide Figure 18; executable from a Sametime monitoring product's process list
            ST Offline Messages,ST Offline Messages,,Confirmed,Unknown,Offline messages,Integration guide Figure 18; executable not found in any source
            ST OnlineDir,ST OnlineDir,stonlinedir,Confirmed,Inferred,Community online directory services,Integration guide Figure 18; executable from a Sametime monitoring product's process list
            ST Places,ST Places,stplaces,Confirmed,Inferred,Places services,Integration guide Figure 18; executable from a Sametime monitoring product's process list
            ST Policy,ST Policy,stpolicy,Confirmed,Confirmed,Policy service,Integration guide Figure 18; IBM developerWorks Sametime article (STPolicy)
            ST Polling,ST Polling,stpolling,Confirmed,Inferred,Community polling services,Integration guide Figure 18; executable from a Sametime monitoring product's process list
            ST Presence,ST Presence,stpresencemgr,Confirmed,Inferred,Buddy list presence,Integration guide Figure 18; executable from a Sametime monitoring product's process list (IBM i job STPRSMGR)
            ST Presence Compatibility,ST Presence Compatibility,stpresencecompatmgr,Confirmed,Inferred,Buddy list backward compatibility,Integration guide Figure 18; executable from a Sametime monitoring product's process list (IBM i job STCMPMGR)
            ST Presence Subscriptions,ST Presence Subscriptions,stpresencesubmgr,Confirmed,Inferred,Buddy list subscriptions,Integration guide Figure 18; executable from a Sametime monitoring product's process list (IBM i job STSUBMGR)
            ST Privacy,ST Privacy,stprivacy,Inferred,Inferred,User privacy information,Display name inferred from the executable; sorts after the last name shown in Figure 18
            ST Resolve,ST Resolve,stresolve,Inferred,Inferred,User name resolution,Display name inferred from the executable; sorts after the last name shown in Figure 18
            ST Security,ST Security,stsecurity,Inferred,Inferred,Security services,Display name inferred from the executable; sorts after the last name shown in Figure 18
            ST UserInfo,ST UserInfo,stuserinfo,Confirmed,Inferred,User information (UserInfo servlet back end),IBM developerWorks Sametime article names the service; membership of the 24 inferred
            ST Users,ST Users,stusers,Inferred,Inferred,Community users services,Display name inferred from the executable; sorts after the last name shown in Figure 18
            ST User Storage,ST User Storage,stuserstorage,Inferred,Inferred,User connect list and preferences,Display name inferred from the executable; sorts after the last name shown in Figure 18
            """;
    }
}

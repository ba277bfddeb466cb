# The lab site described for Invoke-SsoChecklist and Save-StMustGather. Paths are relative to this file.
# Secrets never go here: pass the ltpa.keys password with -KeyPassword (lab password: see README.md).
@{
    Name      = 'SametimeAdmin lab (lab.example.com)'

    # What every server must agree on.
    Sso       = @{
        Domain            = '.lab.example.com'
        ConfigurationName = 'LtpaToken2'
        ExpirationMinutes = 120
        TokenFormat       = 'LtpaToken2'
        Realm             = 'ldap.lab.example.com:389'
    }

    # The Sametime Proxy Server (Liberty): its URL as iNotes users reach it, its exported keys and its trace.
    Proxy     = @{
        HostName  = 'proxy.lab.example.com'
        Addresses = @('192.0.2.41')
        Urls      = @('http://proxy.lab.example.com:9080')
        LtpaKeys  = 'proxy/ltpa.keys'
        TraceLog  = 'proxy/trace.log'
    }

    # The iNotes web server (Domino).
    INotes    = @{
        Name               = 'CN=inotes1/O=Lab'
        HostName           = 'inotes.lab.example.com'
        Addresses          = @('192.0.2.21')
        SsoDocument        = 'inotes/names-websso-ltpatoken2.dxl'
        NotesIni           = 'inotes/notes.ini'
        ServletsProperties = 'inotes/servlets.properties'
        ConsoleLog         = 'inotes/console.log'
    }

    # The Sametime Community Server (Domino-based).
    Community = @{
        Name             = 'CN=st1/O=Lab'
        HostName         = 'st.lab.example.com'
        Addresses        = @('192.0.2.31')
        SsoDocument      = 'sametime/names-websso.dxl'
        StConfigDocument = 'sametime/stconfig-community-connectivity.dxl'
        SametimeIni      = 'sametime/sametime.ini'
        ConsoleLog       = 'community/console.log'
    }

    # The SSC / proxy security settings (Liberty server.xml; a WebSphere cell has security.xml).
    Ssc       = @{
        SecurityXml = 'proxy/server.xml'
    }

    # A Sametime 12 server on Docker (the Sametime 9 servers above are what it replaces). Its files are in
    # sametime12/docker; the Kubernetes values example in sametime12/kubernetes is checked with -Sametime12Path.
    Sametime12 = @{
        Kind     = 'Docker'
        HostName = 'st12.lab.example.com'
        Folder   = 'sametime12/docker'
    }

    Ldap      = @{
        HostName = 'ldap.lab.example.com'
        Port     = 389
    }

    # The user the awareness probe logs in as (a token minted with the proxy's keys).
    Client    = @{
        TestUser = 'uid=alice,ou=people,dc=lab,dc=example,dc=com'
    }
}

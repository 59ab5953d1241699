<#
.SYNOPSIS
    Gathers the port evidence portaudit reads from one Windows server into a
    folder named after the computer.

.DESCRIPTION
    For Windows Server 2008 R2 and later (Windows PowerShell 2.0 to
    PowerShell 7).  Writes OUTPUTPATH\COMPUTERNAME\ holding:

      netstat.txt            the socket table in the layout of netstat -anob:
                             built from Get-NetTCPConnection and
                             Get-NetUDPEndpoint when they exist (2012 and
                             later; with process names from Get-Process and,
                             where a process hosts a single service, its
                             service name), else netstat.exe -anob, -ano or
                             -an, the richest form this system accepts
      registry.reg           one regedit-style export of every registry key
                             the portaudit knowledge base (data/settings.csv)
                             reads; a key missing on this server is skipped
      services               a copy of the services file in drivers\etc
      dynamicport.txt        netsh int ipv4 and ipv6 show dynamicport tcp and
                             udp, each block after its command line
      excludedportrange.txt  netsh int ipv4 and ipv6 show excludedportrange
                             for tcp and udp (2008 R2 needs hotfix 2665809)
      osversion.txt          ver, Win32_OperatingSystem, PowerShell version

    With -ComputerName the script collects from a list of computers
    through Invoke-Command instead (fleet mode): one folder per computer,
    or with -FleetLayout Csv the sockets of all of them in one CSV per kind
    with PSComputerName, the rest in a folder per computer.

    Every text file is written as UTF-8 without BOM and CRLF line ends; the
    services file is copied byte for byte.  (Windows PowerShell's own '>'
    would write UTF-16.)  Run from an elevated prompt so that the owner of
    every socket can be named.  Nothing on the server is changed.  Copy the
    COMPUTERNAME folder into FLEET\ (or FLEET\SITE\) and run
    'portaudit audit FLEET'.

    Registry keys are read with reg.exe (the 64-bit one from a 32-bit
    PowerShell).  Keys whose knowledge-base pattern has a wildcard component
    are found with reg query: for each SQL Server instance its
    SuperSocketNetLib\Tcp key, and only the AppID keys that hold an
    Endpoints value.  tests/check_scripts.c checks that the Add-RegKey,
    Add-RegSubKeys and Add-RegValueKeys lines cover every key of
    data/settings.csv.

.PARAMETER OutputPath
    Folder in which the COMPUTERNAME folder is created; default: the
    current folder.  A UNC path works.

.PARAMETER UseNetstatExe
    Take the socket table from netstat.exe even where Get-NetTCPConnection
    exists.

.PARAMETER ComputerName
    Fleet mode: collect from these computers through Invoke-Command
    (WinRM) instead of from this one.  The script itself runs on each of
    them and sends its files back; nothing is written on the servers.
    A computer that cannot be reached is reported and skipped.

.PARAMETER FleetLayout
    Folders (default): OUTPUTPATH\COMPUTERNAME\ for every computer, as a
    run on each would write it.  Csv: the sockets of every computer in
    two files, OUTPUTPATH\exports\tcp.csv (Get-NetTCPConnection) and
    OUTPUTPATH\exports\udp.csv (Get-NetUDPEndpoint), one row per socket
    with PSComputerName naming its computer (Windows Server 2012 and later:
    older servers give no sockets in this layout), and the other files in
    OUTPUTPATH\COMPUTERNAME\.  portaudit gives each row to the host its
    PSComputerName names and reads each CSV once.

.PARAMETER Credential
    Fleet mode: the account Invoke-Command connects with.

.PARAMETER RemoteMode
    Used by fleet mode on the remote side (emit, emit-nosockets, with
    -netstatexe): send the files back as objects instead of writing them.

.EXAMPLE
    powershell -NoProfile -ExecutionPolicy Bypass -File collect-windows.ps1 \\fileserver\audit\fleet\hq

.EXAMPLE
    .\collect-windows.ps1 -ComputerName (Get-Content hq.txt) -FleetLayout Csv D:\audit\fleet\hq
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [string]$OutputPath = '.',
    [switch]$UseNetstatExe,
    [string[]]$ComputerName,
    [ValidateSet('Folders', 'Csv')]
    [string]$FleetLayout = 'Folders',
    [System.Management.Automation.PSCredential]$Credential,
    [Parameter(Position = 1)]
    [string]$RemoteMode = ''
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Continue'

$Utf8 = New-Object System.Text.UTF8Encoding($false)
$Crlf = "`r`n"
$ScriptPath = $MyInvocation.MyCommand.Path
$EvidenceFiles = @('netstat.txt', 'registry.reg', 'services', 'dynamicport.txt',
    'excludedportrange.txt', 'osversion.txt')

# --------------------------------------------------------------------------
# Fleet mode: this script runs on every computer through Invoke-Command
# and sends its files back as objects (RemoteMode emit); they are written
# here, one folder per computer.  With -FleetLayout Csv the sockets come
# instead from Get-NetTCPConnection and Get-NetUDPEndpoint of every
# computer, one CSV per kind with PSComputerName.
# --------------------------------------------------------------------------

# Write one file a computer sent back: its name must be one of ours and
# the computer's a plain host name, whatever the remote side says.
function Save-RemoteEvidence($Object) {
    $computer = [string]$Object.Computer
    $name = [string]$Object.Name
    if ($computer -notmatch '^[A-Za-z0-9][A-Za-z0-9._-]*$' -or $EvidenceFiles -notcontains $name) {
        Write-Warning "collect-windows: ignored a file '$name' from '$($Object.PSComputerName)'"
        return
    }
    $dir = Join-Path $OutputPath $computer
    if (-not (Test-Path -LiteralPath $dir)) { New-Item -ItemType Directory -Path $dir -Force | Out-Null }
    $path = Join-Path $dir $name
    if ($Object.Base64) {
        [System.IO.File]::WriteAllBytes($path, [System.Convert]::FromBase64String([string]$Object.Base64))
    } else {
        [System.IO.File]::WriteAllText($path, [string]$Object.Text, $Utf8)
    }
}

# The sockets of every computer, one CSV per kind, PSComputerName per row.
function Export-FleetSockets($Common) {
    $dir = Join-Path $OutputPath 'exports'
    if (-not (Test-Path -LiteralPath $dir)) { New-Item -ItemType Directory -Path $dir -Force | Out-Null }
    $tcp = @(Invoke-Command @Common -ScriptBlock {
        if (Get-Command Get-NetTCPConnection -ErrorAction SilentlyContinue) {
            Get-NetTCPConnection -ErrorAction SilentlyContinue
        }
    })
    $tcp | Select-Object LocalAddress, LocalPort, RemoteAddress, RemotePort,
        @{ Name = 'State'; Expression = { [string]$_.State } }, OwningProcess,
        PSComputerName | Export-Csv -Path (Join-Path $dir 'tcp.csv') -NoTypeInformation -Encoding UTF8
    $udp = @(Invoke-Command @Common -ScriptBlock {
        if (Get-Command Get-NetUDPEndpoint -ErrorAction SilentlyContinue) {
            Get-NetUDPEndpoint -ErrorAction SilentlyContinue
        }
    })
    $udp | Select-Object LocalAddress, LocalPort, OwningProcess, PSComputerName |
        Export-Csv -Path (Join-Path $dir 'udp.csv') -NoTypeInformation -Encoding UTF8
    Write-Host "collect-windows: $($tcp.Count) connections, $($udp.Count) endpoints in $dir"
}

function Invoke-Fleet {
    if (-not (Test-Path -LiteralPath $OutputPath)) { New-Item -ItemType Directory -Path $OutputPath -Force | Out-Null }
    $common = @{ ComputerName = $ComputerName; ErrorAction = 'Continue' }
    if ($Credential) { $common['Credential'] = $Credential }
    $mode = 'emit'
    if ($FleetLayout -eq 'Csv') { $mode = 'emit-nosockets' }
    if ($UseNetstatExe) { $mode += '-netstatexe' }
    Write-Host "collect-windows: $($ComputerName.Count) computers, layout $FleetLayout"
    foreach ($o in @(Invoke-Command @common -FilePath $ScriptPath -ArgumentList @('.', $mode))) {
        Save-RemoteEvidence $o
    }
    if ($FleetLayout -eq 'Csv') { Export-FleetSockets $common }
    Write-Host "collect-windows: done: $OutputPath"
}

if ($ComputerName -and $RemoteMode -eq '') {
    Invoke-Fleet
    exit 0
}

$Emit = $RemoteMode -like 'emit*'
$NoSockets = $RemoteMode -like '*nosockets*'
if ($RemoteMode -like '*netstatexe*') { $UseNetstatExe = [switch]$true }

$HostName = $env:COMPUTERNAME
if ($Emit) {
    # Nothing is written on a remote computer but reg.exe's temporary file.
    $HostDir = [System.IO.Path]::GetTempPath()
} else {
    $HostDir = Join-Path $OutputPath $HostName
    if (-not (Test-Path -LiteralPath $HostDir)) {
        New-Item -ItemType Directory -Path $HostDir -Force | Out-Null
    }
    if (-not (Test-Path -LiteralPath $HostDir)) {
        Write-Error "collect-windows: cannot create $HostDir"
        exit 2
    }
    $HostDir = (Resolve-Path -LiteralPath $HostDir).ProviderPath
    Write-Host "collect-windows: writing $HostDir"
    # A second run replaces the first one's files.
    foreach ($f in $EvidenceFiles) {
        $path = Join-Path $HostDir $f
        if (Test-Path -LiteralPath $path) { Remove-Item -LiteralPath $path -Force }
    }
}

# A 32-bit PowerShell on 64-bit Windows runs the 32-bit reg.exe and
# netstat.exe, which see the 32-bit registry view: take the 64-bit tools
# through Sysnative.
$SysDir = Join-Path $env:SystemRoot 'System32'
if ($env:PROCESSOR_ARCHITEW6432 -and
    (Test-Path -LiteralPath (Join-Path $env:SystemRoot 'Sysnative'))) {
    $SysDir = Join-Path $env:SystemRoot 'Sysnative'
}
$RegExe = Join-Path $SysDir 'reg.exe'
$NetstatExe = Join-Path $SysDir 'netstat.exe'
$NetshExe = Join-Path $SysDir 'netsh.exe'

# Write lines to a file in the host folder as UTF-8, CRLF; in fleet mode,
# send them back as an object instead.
function Write-Evidence([string]$Name, $Lines) {
    $text = ''
    if ($null -ne $Lines) { $text = [string]::Join($Crlf, [string[]]@($Lines)) + $Crlf }
    if ($Emit) {
        New-Object PSObject -Property @{ Computer = $HostName; Name = $Name; Text = $text; Base64 = $null }
        return
    }
    [System.IO.File]::WriteAllText((Join-Path $HostDir $Name), $text, $Utf8)
}

# Run a native program; its standard output as strings (decoded by
# PowerShell from the console code page) and its exit code.
function Invoke-Native([string]$Exe, [string[]]$Arguments) {
    $lines = @(& $Exe @Arguments 2>$null | ForEach-Object { "$_" })
    return @{ Code = $LASTEXITCODE; Lines = $lines }
}

# --------------------------------------------------------------------------
# Sockets
# --------------------------------------------------------------------------

# An address and port as netstat prints them: IPv6 in brackets.
function Format-Endpoint([string]$Address, $Port) {
    if ($Address -match ':') { return "[$Address]:$Port" }
    return "${Address}:$Port"
}

# netstat's words for the MSFT_NetTCPConnection states.
$StateWords = @{
    'Closed' = 'CLOSED'; 'Listen' = 'LISTENING'; 'SynSent' = 'SYN_SENT';
    'SynReceived' = 'SYN_RECEIVED'; 'Established' = 'ESTABLISHED';
    'FinWait1' = 'FIN_WAIT_1'; 'FinWait2' = 'FIN_WAIT_2';
    'CloseWait' = 'CLOSE_WAIT'; 'Closing' = 'CLOSING'; 'LastAck' = 'LAST_ACK';
    'TimeWait' = 'TIME_WAIT'; 'DeleteTCB' = 'CLOSED'; 'Bound' = 'BOUND'
}

# The -b owner lines of a process: its service when it hosts exactly one,
# then its image; PID 0 and 4 belong to the kernel, as netstat says.
function Get-OwnerLines($OwningPid, $Processes, $Services) {
    $p = [int]$OwningPid
    if ($p -eq 0 -or $p -eq 4) { return @(' Can not obtain ownership information') }
    $out = @()
    if ($Services.ContainsKey($p) -and @($Services[$p]).Count -eq 1) {
        $out += '  ' + @($Services[$p])[0]
    }
    if ($Processes.ContainsKey($p)) {
        $out += ' [' + $Processes[$p] + ']'
    } else {
        $out += ' Can not obtain ownership information'
    }
    return $out
}

# The socket table from Get-NetTCPConnection and Get-NetUDPEndpoint, in the
# layout of netstat -anob: one row per socket, then its owner lines.
function Get-NetSocketTable {
    $procs = @{}
    foreach ($p in @(Get-Process -ErrorAction SilentlyContinue)) {
        $name = $p.ProcessName
        if ($name -ne 'System' -and $name -ne 'Idle') { $name = "$name.exe" }
        $procs[[int]$p.Id] = $name
    }
    $svcs = @{}
    $svcList = $null
    if (Get-Command Get-CimInstance -ErrorAction SilentlyContinue) {
        $svcList = @(Get-CimInstance Win32_Service -Filter "State='Running'" -ErrorAction SilentlyContinue)
    } else {
        $svcList = @(Get-WmiObject Win32_Service -Filter "State='Running'" -ErrorAction SilentlyContinue)
    }
    foreach ($s in $svcList) {
        $id = [int]$s.ProcessId
        if ($id -le 4) { continue }
        if (-not $svcs.ContainsKey($id)) { $svcs[$id] = @() }
        $svcs[$id] += [string]$s.Name
    }

    # A list, not an array: += on an array copies it, and a busy server
    # has tens of thousands of sockets.
    $lines = New-Object 'System.Collections.Generic.List[string]'
    foreach ($l in @('', 'Active Connections', '',
        '  Proto  Local Address          Foreign Address        State           PID')) {
        $lines.Add($l)
    }
    # IPv4 before IPv6, then by address and port, as netstat sorts them.
    $order = { if ($_.LocalAddress -match ':') { 1 } else { 0 } },
        { [string]$_.LocalAddress }, { [int]$_.LocalPort }
    foreach ($c in @(Get-NetTCPConnection -ErrorAction SilentlyContinue | Sort-Object $order)) {
        $state = [string]$c.State
        if ($StateWords.ContainsKey($state)) { $state = $StateWords[$state] }
        $lines.Add(('  {0,-6} {1,-22} {2,-22} {3,-15} {4}' -f 'TCP',
            (Format-Endpoint $c.LocalAddress $c.LocalPort),
            (Format-Endpoint $c.RemoteAddress $c.RemotePort),
            $state, $c.OwningProcess))
        foreach ($o in @(Get-OwnerLines $c.OwningProcess $procs $svcs)) { $lines.Add($o) }
    }
    foreach ($u in @(Get-NetUDPEndpoint -ErrorAction SilentlyContinue | Sort-Object $order)) {
        $lines.Add(('  {0,-6} {1,-22} {2,-22} {3,-15} {4}' -f 'UDP',
            (Format-Endpoint $u.LocalAddress $u.LocalPort), '*:*', '',
            $u.OwningProcess))
        foreach ($o in @(Get-OwnerLines $u.OwningProcess $procs $svcs)) { $lines.Add($o) }
    }
    return $lines.ToArray()
}

Write-Host 'collect-windows: sockets'
$netstatDone = $NoSockets
if (-not $NoSockets -and -not $UseNetstatExe -and
    (Get-Command Get-NetTCPConnection -ErrorAction SilentlyContinue) -and
    (Get-Command Get-NetUDPEndpoint -ErrorAction SilentlyContinue)) {
    $table = @(Get-NetSocketTable)
    if (@($table | Where-Object { $_ -match '^\s+TCP\s' }).Count -gt 0) {
        Write-Evidence 'netstat.txt' $table
        Write-Host 'collect-windows:   Get-NetTCPConnection, Get-NetUDPEndpoint'
        $netstatDone = $true
    }
}
# netstat.exe: a form is taken when it exits with 0 and prints at least one
# TCP row; otherwise (unknown option, or -b without elevation) the next one.
if (-not $netstatDone) {
    foreach ($opt in @('-anob', '-ano', '-an')) {
        $r = Invoke-Native $NetstatExe @($opt)
        if ($r.Code -eq 0 -and @($r.Lines | Where-Object { $_ -match '^\s+TCP\s' }).Count -gt 0) {
            Write-Evidence 'netstat.txt' $r.Lines
            Write-Host "collect-windows:   netstat $opt"
            $netstatDone = $true
            break
        }
    }
}
if (-not $netstatDone) {
    Write-Warning 'collect-windows: no socket table could be read; netstat.txt not written'
}

# --------------------------------------------------------------------------
# Registry: the keys of data/settings.csv, exported with reg.exe and merged
# into one regedit (version 5) file.
# --------------------------------------------------------------------------

$RegBlocks = New-Object System.Collections.ArrayList

# reg export of a key with its subkeys; its lines, header left out, are
# added to the merged file.
function Add-RegExport([string]$Key) {
    $tmp = Join-Path $HostDir 'registry.tmp'
    if (Test-Path -LiteralPath $tmp) { Remove-Item -LiteralPath $tmp -Force }
    $r = Invoke-Native $RegExe @('export', $Key, $tmp, '/y')
    if ($r.Code -eq 0 -and (Test-Path -LiteralPath $tmp)) {
        # reg.exe writes UTF-16LE with BOM; ReadAllLines follows the BOM.
        $lines = [System.IO.File]::ReadAllLines($tmp)
        if ($lines.Count -gt 1) {
            [void]$RegBlocks.AddRange(@($lines[1..($lines.Count - 1)]))
            Write-Host "collect-windows:   $Key"
        }
    }
    if (Test-Path -LiteralPath $tmp) { Remove-Item -LiteralPath $tmp -Force }
}

# A key, with its subkeys; reg export fails on a missing key, which is
# skipped.
function Add-RegKey([string]$Key) {
    Add-RegExport $Key
}

# For every subkey S of Parent: Parent\S\Path, when it exists.
function Add-RegSubKeys([string]$Parent, [string]$Path) {
    $r = Invoke-Native $RegExe @('query', $Parent)
    if ($r.Code -ne 0) { return }
    foreach ($line in $r.Lines) {
        if ($line -notmatch '^HKEY_') { continue }
        $sub = $line.TrimEnd()
        if ($sub -eq $Parent -or $sub.Length -le $Parent.Length) { continue }
        Add-RegKey "$sub\$Path"
    }
}

# Every key below Parent that holds a value named Value.
function Add-RegValueKeys([string]$Parent, [string]$Value) {
    $r = Invoke-Native $RegExe @('query', $Parent, '/s', '/v', $Value)
    if ($r.Code -ne 0) { return }
    foreach ($line in $r.Lines) {
        if ($line -match '^HKEY_') { Add-RegExport $line.TrimEnd() }
    }
}

Write-Host 'collect-windows: registry'
# Exchange 4.0 to 2010, Active Directory, FRS, DFSR: Services\NAME\...
Add-RegKey 'HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\MSExchangeDS\Parameters'
Add-RegKey 'HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\MSExchangeIS\ParametersSystem'
Add-RegKey 'HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\MSExchangeSA\Parameters'
Add-RegKey 'HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\MSExchangeMTA\Parameters'
Add-RegKey 'HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\MSExchangeSRS\Parameters'
Add-RegKey 'HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\MSExchangeRPC\ParametersSystem'
Add-RegKey 'HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\MSExchangeAB\Parameters'
Add-RegKey 'HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\NTDS\Parameters'
Add-RegKey 'HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\Netlogon\Parameters'
Add-RegKey 'HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\NTFRS\Parameters'
Add-RegKey 'HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\DFSR\Parameters'
# TCP/IP stack: MaxUserPort, ReservedPorts
Add-RegKey 'HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters'
# Remote Desktop: every listener under WinStations, and the legacy key
Add-RegKey 'HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations'
Add-RegKey 'HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Terminal Server\Wds\rdpwd\Tds\tcp'
# RPC dynamic port restriction
Add-RegKey 'HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Rpc\Internet'
# DCOM applications pinned by an Endpoints value (64- and 32-bit views)
Add-RegValueKeys 'HKEY_LOCAL_MACHINE\SOFTWARE\Classes\AppID' 'Endpoints'
Add-RegValueKeys 'HKEY_LOCAL_MACHINE\SOFTWARE\Classes\Wow6432Node\AppID' 'Endpoints'
Add-RegValueKeys 'HKEY_LOCAL_MACHINE\SOFTWARE\Wow6432Node\Classes\AppID' 'Endpoints'
# SQL Server 2000 default instance, then every named instance of 2000 and
# every instance of 2005 and later (Tcp with IPAll and IPn)
Add-RegKey 'HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\MSSQLServer\MSSQLServer\SuperSocketNetLib\Tcp'
Add-RegKey 'HKEY_LOCAL_MACHINE\SOFTWARE\Wow6432Node\Microsoft\MSSQLServer\MSSQLServer\SuperSocketNetLib\Tcp'
Add-RegSubKeys 'HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Microsoft SQL Server' 'MSSQLServer\SuperSocketNetLib\Tcp'
Add-RegSubKeys 'HKEY_LOCAL_MACHINE\SOFTWARE\Wow6432Node\Microsoft\Microsoft SQL Server' 'MSSQLServer\SuperSocketNetLib\Tcp'
# Message Queuing, and its clustered queue managers
Add-RegKey 'HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\MSMQ\Parameters'
Add-RegSubKeys 'HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\MSMQ\ClusteredQMs' 'Parameters'
# DNS server socket pool, WinRM listeners, the RPC over HTTP proxy, and
# Outlook 2003's notification port of the user running the script
Add-RegKey 'HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\DNS\Parameters'
Add-RegKey 'HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\WSMAN\Listener'
Add-RegKey 'HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Rpc\RpcProxy'
Add-RegKey 'HKEY_CURRENT_USER\Software\Microsoft\Office\11.0\Outlook\RPC'

if ($RegBlocks.Count -gt 0) {
    Write-Evidence 'registry.reg' (@('Windows Registry Editor Version 5.00') + @($RegBlocks))
} else {
    Write-Warning 'collect-windows: no registry key could be exported'
}

# --------------------------------------------------------------------------
# The services file, byte for byte.
# --------------------------------------------------------------------------
Write-Host 'collect-windows: services'
$servicesFile = Join-Path $env:SystemRoot 'System32\drivers\etc\services'
if ((Test-Path -LiteralPath $servicesFile) -and $Emit) {
    New-Object PSObject -Property @{ Computer = $HostName; Name = 'services'; Text = $null;
        Base64 = [System.Convert]::ToBase64String([System.IO.File]::ReadAllBytes($servicesFile)) }
} elseif (Test-Path -LiteralPath $servicesFile) {
    Copy-Item -LiteralPath $servicesFile -Destination (Join-Path $HostDir 'services') -Force
} else {
    Write-Warning "collect-windows: $servicesFile not found"
}

# --------------------------------------------------------------------------
# Dynamic and excluded port ranges.  A block is kept when netsh exits with
# 0 and does not print its own command name back (the "command was not
# found" message of a netsh that lacks it); each goes after its command
# line, which tells portaudit the address family.
# --------------------------------------------------------------------------
function Get-NetshBlocks([string]$Command, [string[]]$Arguments) {
    $out = @()
    foreach ($family in @('ipv4', 'ipv6')) {
        foreach ($arg in $Arguments) {
            $r = Invoke-Native $NetshExe @('int', $family, 'show', $Command, $arg)
            if ($r.Code -ne 0) { continue }
            if (@($r.Lines | Where-Object { $_ -match [regex]::Escape($Command) }).Count -gt 0) { continue }
            $out += "netsh int $family show $Command $arg"
            $out += $r.Lines
            $out += ''
            Write-Host "collect-windows:   netsh int $family show $Command $arg"
        }
    }
    return $out
}

Write-Host 'collect-windows: netsh'
$dyn = @(Get-NetshBlocks 'dynamicport' @('tcp', 'udp'))
if ($dyn.Count -gt 0) { Write-Evidence 'dynamicport.txt' $dyn }
$excl = @(Get-NetshBlocks 'excludedportrange' @('protocol=tcp', 'protocol=udp'))
if ($excl.Count -gt 0) { Write-Evidence 'excludedportrange.txt' $excl }

# --------------------------------------------------------------------------
# Operating system.
# --------------------------------------------------------------------------
Write-Host 'collect-windows: osversion'
$os = @()
$os += @(& cmd.exe /c ver 2>$null | ForEach-Object { "$_" } | Where-Object { $_ -ne '' })
$info = $null
if (Get-Command Get-CimInstance -ErrorAction SilentlyContinue) {
    $info = Get-CimInstance Win32_OperatingSystem -ErrorAction SilentlyContinue
} else {
    $info = Get-WmiObject Win32_OperatingSystem -ErrorAction SilentlyContinue
}
if ($info) {
    $os += "OS Name: $($info.Caption)"
    $os += "OS Version: $($info.Version) $($info.CSDVersion) Build $($info.BuildNumber)"
    $arch = $null
    try { $arch = $info.OSArchitecture } catch { }
    if ($arch) { $os += "System Type: $arch" }
}
$os += "Host Name: $HostName"
$os += "PowerShell: $($PSVersionTable.PSVersion)"
Write-Evidence 'osversion.txt' $os

Write-Host "collect-windows: done: $HostDir"

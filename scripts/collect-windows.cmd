@echo off
REM ==========================================================================
REM collect-windows.cmd: gather the port evidence portaudit reads from one
REM Windows server (Windows NT 4.0 up to the current Windows Server) into a
REM folder named after the computer.
REM
REM Usage:
REM   collect-windows.cmd [OUTDIR]
REM
REM   OUTDIR defaults to the current folder; a UNC path works on Windows
REM   2000 and later (\\server\share\fleet).  Run it from an elevated
REM   prompt (Run as administrator) so that netstat can name the program
REM   behind every socket.  Nothing on the server is changed.
REM
REM Writes OUTDIR\COMPUTERNAME\ holding:
REM   netstat.txt            netstat -anob, or -ano, or -an: the richest
REM                          form this system accepts
REM   registry-NAME.reg      one regedit export per registry key that the
REM                          portaudit knowledge base (data/settings.csv)
REM                          reads; a key missing on this server is skipped
REM   services               a copy of the services file in drivers\etc
REM   dynamicport.txt        netsh int ipv4 and ipv6 show dynamicport tcp
REM                          and udp, each block after its command line
REM                          (Vista and later)
REM   excludedportrange.txt  netsh int ipv4 and ipv6 show excludedportrange
REM                          for tcp and udp (2008 R2 with hotfix 2665809,
REM                          2012 and later)
REM   osversion.txt          ver, the OS lines of systeminfo, the code page
REM
REM Copy the COMPUTERNAME folder into FLEET\ (or FLEET\SITE\) and run
REM portaudit audit FLEET.  Output redirected by cmd.exe is written in the
REM console (OEM) code page, and reg.exe and regedit write UTF-16 or ANSI
REM exports: portaudit reads all of them as they are.
REM
REM How registry keys are exported:
REM   Windows XP and later use reg.exe export, which fails quietly on a
REM   missing key.  Keys of data/settings.csv whose pattern has a wildcard
REM   component are found with reg query: for each SQL Server instance its
REM   SuperSocketNetLib\Tcp key, and only the AppID keys that hold an
REM   Endpoints value (the whole AppID key is large).
REM   Windows NT 4.0 and 2000 have no reg export: regedit /e exports the
REM   parent keys that always exist (Services, Rpc, AppID), and the keys of
REM   SQL Server, MSMQ and Terminal Server only when their service is in
REM   the Services export, since regedit stops on a missing key.
REM   tests/check_scripts.c checks that every key of data/settings.csv is
REM   covered by the call :regkey, :regsub, :regvalue lines and, apart from
REM   the Wow6432Node views, by the call :legacy lines.
REM ==========================================================================

setlocal

REM A 32-bit cmd.exe on 64-bit Windows sees the 32-bit registry view and
REM the 32-bit netstat: start the script again in the 64-bit cmd.exe.
if not defined PROCESSOR_ARCHITEW6432 goto arch_ok
if not exist "%SystemRoot%\Sysnative\cmd.exe" goto arch_ok
"%SystemRoot%\Sysnative\cmd.exe" /c ""%~f0" %*"
goto :eof
:arch_ok

if "%~1"=="/?" goto usage
if "%~1"=="-h" goto usage
if "%~1"=="--help" goto usage

set BASE=%~1
if "%BASE%"=="" set BASE=.
set OUT=%BASE%\%COMPUTERNAME%
if not exist "%OUT%\." mkdir "%OUT%"
if not exist "%OUT%\." goto nofolder
echo collect-windows: writing %OUT%
REM A second run replaces the first one's files.
for %%F in (netstat.txt services dynamicport.txt excludedportrange.txt osversion.txt) do if exist "%OUT%\%%F" del "%OUT%\%%F"
if exist "%OUT%\registry-*.reg" del "%OUT%\registry-*.reg"

REM ------------------------------------------------------------------------
REM Sockets: netstat -anob (XP SP2 and later, elevated), else -ano (XP and
REM later), else -an (NT 4.0, 2000).  A form is taken when netstat exits
REM with errorlevel 0 and its output holds at least one TCP row; otherwise
REM (option unknown, usage text printed, or the -b message that elevation
REM is required) the next form is tried.
REM ------------------------------------------------------------------------
echo collect-windows: netstat
call :netstat -anob
if not errorlevel 1 goto netstat_done
call :netstat -ano
if not errorlevel 1 goto netstat_done
call :netstat -an
if not errorlevel 1 goto netstat_done
echo collect-windows: netstat gave no socket table; netstat.txt not written
:netstat_done
if exist "%OUT%\netstat.tmp" del "%OUT%\netstat.tmp"
if exist "%OUT%\netstat.err" del "%OUT%\netstat.err"

REM ------------------------------------------------------------------------
REM Registry.  reg.exe with an export operation: Windows XP and later.
REM ------------------------------------------------------------------------
echo collect-windows: registry
reg export /? >nul 2>&1
if errorlevel 1 goto reg_legacy

REM Exchange 4.0 to 2010, Active Directory, FRS, DFSR: Services\NAME\...
call :regkey "HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\MSExchangeDS\Parameters" msexchangeds
call :regkey "HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\MSExchangeIS\ParametersSystem" msexchangeis
call :regkey "HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\MSExchangeSA\Parameters" msexchangesa
call :regkey "HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\MSExchangeMTA\Parameters" msexchangemta
call :regkey "HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\MSExchangeSRS\Parameters" msexchangesrs
call :regkey "HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\MSExchangeRPC\ParametersSystem" msexchangerpc
call :regkey "HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\MSExchangeAB\Parameters" msexchangeab
call :regkey "HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\NTDS\Parameters" ntds
call :regkey "HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\Netlogon\Parameters" netlogon
call :regkey "HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\NTFRS\Parameters" ntfrs
call :regkey "HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\DFSR\Parameters" dfsr
REM TCP/IP stack: MaxUserPort, ReservedPorts
call :regkey "HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters" tcpip
REM Remote Desktop: every listener under WinStations, and the legacy key
call :regkey "HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations" winstations
call :regkey "HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Terminal Server\Wds\rdpwd\Tds\tcp" rdpwd
REM RPC dynamic port restriction
call :regkey "HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Rpc\Internet" rpc
REM DCOM applications pinned by an Endpoints value (64- and 32-bit views)
call :regvalue "HKEY_LOCAL_MACHINE\SOFTWARE\Classes\AppID" "Endpoints" appid
call :regvalue "HKEY_LOCAL_MACHINE\SOFTWARE\Classes\Wow6432Node\AppID" "Endpoints" appid32
call :regvalue "HKEY_LOCAL_MACHINE\SOFTWARE\Wow6432Node\Classes\AppID" "Endpoints" appid32w
REM SQL Server 2000 default instance, then every named instance of SQL
REM Server 2000 and every instance of 2005 and later (Tcp with IPAll, IPn)
call :regkey "HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\MSSQLServer\MSSQLServer\SuperSocketNetLib\Tcp" mssqlserver
call :regkey "HKEY_LOCAL_MACHINE\SOFTWARE\Wow6432Node\Microsoft\MSSQLServer\MSSQLServer\SuperSocketNetLib\Tcp" mssqlserver32
call :regsub "HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Microsoft SQL Server" "MSSQLServer\SuperSocketNetLib\Tcp" sql
call :regsub "HKEY_LOCAL_MACHINE\SOFTWARE\Wow6432Node\Microsoft\Microsoft SQL Server" "MSSQLServer\SuperSocketNetLib\Tcp" sql32
REM Message Queuing, and its clustered queue managers
call :regkey "HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\MSMQ\Parameters" msmq
call :regsub "HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\MSMQ\ClusteredQMs" "Parameters" msmqcluster
REM DNS server socket pool, WinRM listeners, the RPC over HTTP proxy, and
REM Outlook 2003's notification port of the user running the script
call :regkey "HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\DNS\Parameters" dns
call :regkey "HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\WSMAN\Listener" wsman
call :regkey "HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Rpc\RpcProxy" rpcproxy
call :regkey "HKEY_CURRENT_USER\Software\Microsoft\Office\11.0\Outlook\RPC" outlook
goto reg_done

:reg_legacy
REM Windows NT 4.0 and 2000: regedit /e.  Services holds every Services key
REM of the knowledge base; the other keys depend on what is installed.
call :legacy "HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services" services
call :legacy "HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Terminal Server" termserver "\Services\TermDD]"
call :legacy "HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Rpc" rpc
call :legacy "HKEY_LOCAL_MACHINE\SOFTWARE\Classes\AppID" appid
call :legacy "HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\MSSQLServer" mssqlserver "\Services\MSSQLServer]"
call :legacy "HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Microsoft SQL Server" sql "\Services\MSSQL$"
call :legacy "HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\MSMQ" msmq "\Services\MSMQ]"
call :legacy "HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\WSMAN" wsman "\Services\WinRM]"
REM Outlook's key may be missing: its parent always exists.
call :legacy "HKEY_CURRENT_USER\Software\Microsoft" hkcu

:reg_done

REM ------------------------------------------------------------------------
REM The services file (in \WINNT on NT 4.0 and 2000, \WINDOWS later).
REM ------------------------------------------------------------------------
echo collect-windows: services
if exist "%SystemRoot%\system32\drivers\etc\services" copy /y "%SystemRoot%\system32\drivers\etc\services" "%OUT%\services" >nul
if not exist "%OUT%\services" echo collect-windows: no services file found

REM ------------------------------------------------------------------------
REM Dynamic port ranges and excluded port ranges: netsh int ipv4 exists from
REM Vista on; excludedportrange from 2008 R2 with hotfix 2665809.  Each block
REM goes after an echoed netsh command line, which tells portaudit its
REM address family and protocol.  A block is kept when netsh exits with
REM errorlevel 0 and does not print its own command name back (the "command
REM was not found" message of a netsh that lacks it).
REM ------------------------------------------------------------------------
ver | find /i "Version 4." >nul
if not errorlevel 1 goto netsh_done
ver | find /i "Version 5." >nul
if not errorlevel 1 goto netsh_done
echo collect-windows: netsh
call :netsh ipv4 dynamicport "tcp" dynamicport.txt
call :netsh ipv4 dynamicport "udp" dynamicport.txt
call :netsh ipv6 dynamicport "tcp" dynamicport.txt
call :netsh ipv6 dynamicport "udp" dynamicport.txt
call :netsh ipv4 excludedportrange "protocol=tcp" excludedportrange.txt
call :netsh ipv4 excludedportrange "protocol=udp" excludedportrange.txt
call :netsh ipv6 excludedportrange "protocol=tcp" excludedportrange.txt
call :netsh ipv6 excludedportrange "protocol=udp" excludedportrange.txt
if exist "%OUT%\netsh.tmp" del "%OUT%\netsh.tmp"
:netsh_done

REM ------------------------------------------------------------------------
REM Operating system: ver, the OS lines of systeminfo (XP and later), and
REM the console code page the text files above were written in.
REM ------------------------------------------------------------------------
echo collect-windows: osversion
ver > "%OUT%\osversion.txt"
systeminfo > "%OUT%\systeminfo.tmp" 2>nul
if errorlevel 1 goto sysinfo_done
findstr /b /c:"OS " /c:"Host Name" /c:"System Type" "%OUT%\systeminfo.tmp" >> "%OUT%\osversion.txt"
if not errorlevel 1 goto sysinfo_done
REM Another display language: lines 2 to 8 hold the host and OS fields.
for /f "tokens=1* delims=:" %%A in ('findstr /n "^" "%OUT%\systeminfo.tmp"') do if %%A GEQ 2 if %%A LEQ 8 >> "%OUT%\osversion.txt" echo %%B
:sysinfo_done
if exist "%OUT%\systeminfo.tmp" del "%OUT%\systeminfo.tmp"
chcp >> "%OUT%\osversion.txt"

echo collect-windows: done: %OUT%
goto :eof

:usage
echo usage: collect-windows.cmd [OUTDIR]
echo Writes OUTDIR\%COMPUTERNAME%\ (OUTDIR defaults to the current folder)
echo with netstat, registry, services, netsh and OS evidence for portaudit.
goto :eof

:nofolder
echo collect-windows: cannot create %OUT%
goto :eof

REM ==========================================================================
REM Subroutines
REM ==========================================================================

REM :netstat OPTIONS
REM Run netstat with OPTIONS into netstat.txt; errorlevel 1 when the result
REM is not a socket table.  Error text goes to netstat.err, not the table.
:netstat
netstat %1 > "%OUT%\netstat.tmp" 2> "%OUT%\netstat.err"
if errorlevel 1 goto netstat_fail
find "TCP    " < "%OUT%\netstat.tmp" >nul
if errorlevel 1 goto netstat_fail
if exist "%OUT%\netstat.txt" del "%OUT%\netstat.txt"
ren "%OUT%\netstat.tmp" netstat.txt
echo collect-windows:   netstat %1
goto :eof
:netstat_fail
verify other 2>nul
goto :eof

REM :regkey KEY NAME
REM reg export of KEY with its subkeys into registry-NAME.reg.  A missing
REM key makes reg.exe fail (errorlevel 1) and leaves no file: skipped.
REM The file is deleted first since reg export of Windows XP asks before
REM it overwrites and has no /y.
:regkey
if exist "%OUT%\registry-%~2.reg" del "%OUT%\registry-%~2.reg"
reg export "%~1" "%OUT%\registry-%~2.reg" <nul >nul 2>&1
if errorlevel 1 goto regkey_missing
echo collect-windows:   %~1
goto :eof
:regkey_missing
if exist "%OUT%\registry-%~2.reg" del "%OUT%\registry-%~2.reg"
goto :eof

REM :regsub PARENT PATH NAME
REM For every subkey S of PARENT that has the subkey S\PATH, export it into
REM registry-NAME-N.reg (N counts from 1).  reg query PARENT lists PARENT
REM itself and its subkeys as full paths; the parent's own line is skipped.
:regsub
set RS_N=0
for /f "delims=" %%S in ('reg query "%~1" 2^>nul ^| findstr /b /i /c:"HKEY_"') do call :regsub_one "%~1" "%%S" "%~2" "%~3"
goto :eof
:regsub_one
if /i "%~2"=="%~1" goto :eof
reg query "%~2\%~3" >nul 2>&1
if errorlevel 1 goto :eof
set /a RS_N=RS_N+1
call :regkey "%~2\%~3" "%~4-%RS_N%"
goto :eof

REM :regvalue PARENT VALUE NAME
REM Export every key below PARENT that holds a value named VALUE into
REM registry-NAME-N.reg: reg query /s /v lists only those keys.
:regvalue
set RV_N=0
for /f "delims=" %%S in ('reg query "%~1" /s /v "%~2" 2^>nul ^| findstr /b /i /c:"HKEY_"') do call :regvalue_one "%%S" "%~3"
goto :eof
:regvalue_one
set /a RV_N=RV_N+1
call :regkey "%~1" "%~2-%RV_N%"
goto :eof

REM :legacy KEY NAME [MARKER]
REM regedit /e of KEY into registry-NAME.reg (Windows NT 4.0 and 2000).
REM With a MARKER, only when registry-services.reg holds that text, which
REM tells that the key exists (regedit shows a dialog for a missing key).
REM type turns a UTF-16 export into text that find can search.
:legacy
if "%~3"=="" goto legacy_export
if not exist "%OUT%\registry-services.reg" goto :eof
type "%OUT%\registry-services.reg" | find /i "%~3" >nul
if errorlevel 1 goto :eof
:legacy_export
if exist "%OUT%\registry-%~2.reg" del "%OUT%\registry-%~2.reg"
start "" /wait regedit.exe /e "%OUT%\registry-%~2.reg" "%~1"
if exist "%OUT%\registry-%~2.reg" echo collect-windows:   %~1
goto :eof

REM :netsh FAMILY COMMAND ARG FILE
REM netsh int FAMILY show COMMAND ARG, appended to FILE after its command
REM line and a blank line, when it worked and printed something.
:netsh
netsh int %1 show %2 %~3 > "%OUT%\netsh.tmp" 2>&1
if errorlevel 1 goto :eof
findstr /r /c:"[0-9A-Za-z]" "%OUT%\netsh.tmp" >nul
if errorlevel 1 goto :eof
find /i "%2" < "%OUT%\netsh.tmp" >nul
if not errorlevel 1 goto :eof
>> "%OUT%\%4" echo netsh int %1 show %2 %~3
type "%OUT%\netsh.tmp" >> "%OUT%\%4"
>> "%OUT%\%4" echo.
echo collect-windows:   netsh int %1 show %2 %~3
goto :eof

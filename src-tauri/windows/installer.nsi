; The Windows installer of Dealer Access, built by `cargo xtask bundle --target windows`
; with makensis (Debian's nsis) from files staged by that command. Our own script: Tauri's
; NSIS bundling downloads its helpers from GitHub at build time.
;
; Per user by default, into %LOCALAPPDATA%\Programs\Dealer Access, without admin rights.
; Switches:
;   /S          silent: no pages, no questions (IT deployment, the updater's quiet mode)
;   /P          passive: a progress bar only (the updater's default)
;   /ALLUSERS   for everyone on this PC, into Program Files (run elevated)
;   /UPDATE     the updater: install where the app already is, for whom it already is
;   /R          start the app when done (the updater, after an update)
;   /D=path     another folder (NSIS's own switch; must be last)
; The uninstaller takes /S, and /PURGE to remove this Windows user's app data as well.
;
; Defines given by xtask: PRODUCT, EXE, VERSION, VERSION4, PUBLISHER, IDENTIFIER, STAGE,
; OUTFILE, WEBVIEW2_URL.

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user
Target amd64-unicode

!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include x64.nsh

!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${IDENTIFIER}"
!define APP_KEY "Software\${IDENTIFIER}"
; The Evergreen WebView2 runtime's client GUID (Microsoft's documented detection key).
!define WEBVIEW2_GUID "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
BrandingText "${PRODUCT} ${VERSION}"
ShowInstDetails show
ShowUninstDetails show

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey "ProductName" "${PRODUCT}"
VIAddVersionKey "CompanyName" "${PUBLISHER}"
VIAddVersionKey "FileDescription" "${PRODUCT} ${VERSION} Setup"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "LegalCopyright" "${PUBLISHER}"

!define MUI_ICON "${STAGE}\icon.ico"
; The welcome and finish pages' picture: the app's icon and name on its blue (164 x 314,
; 24-bit BMP, made from icons/icon.png with ImageMagick; makensis reads it beside this script).
!define MUI_WELCOMEFINISHPAGE_BITMAP "wizard.bmp"
!define MUI_UNWELCOMEFINISHPAGE_BITMAP "wizard.bmp"
!define MUI_UNICON "${STAGE}\icon.ico"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TITLE "Install ${PRODUCT} ${VERSION}"
!define MUI_WELCOMEPAGE_TEXT "${PRODUCT} lets your dealership's office manager and staff request and track user access.$\r$\n$\r$\nIt is installed for you only and needs no administrator rights.$\r$\n$\r$\n${PRODUCT} shows its screens with Microsoft Edge WebView2, which Windows 11 includes. If this PC does not have it, Setup downloads Microsoft's WebView2 installer from microsoft.com and runs it."
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Open ${PRODUCT}"

Var AllUsers
Var Update
Var Relaunch
Var Purge

!define MUI_PAGE_CUSTOMFUNCTION_PRE SkipWhenQuiet
!insertmacro MUI_PAGE_WELCOME
!define MUI_PAGE_CUSTOMFUNCTION_PRE SkipWhenQuiet
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_PAGE_CUSTOMFUNCTION_PRE SkipWhenQuiet
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

; --- Installing ---------------------------------------------------------------------------

Function .onInit
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/ALLUSERS" $R1
  ${IfNot} ${Errors}
    StrCpy $AllUsers 1
  ${EndIf}
  ClearErrors
  ${GetOptions} $R0 "/UPDATE" $R1
  ${IfNot} ${Errors}
    StrCpy $Update 1
  ${EndIf}
  ClearErrors
  ${GetOptions} $R0 "/R" $R1
  ${IfNot} ${Errors}
    StrCpy $Relaunch 1
  ${EndIf}

  ; An update goes where the app already is, for whom it already is.
  ${If} $Update == 1
    ReadRegStr $R2 HKCU "${UNINSTALL_KEY}" "InstallLocation"
    ${If} $R2 == ""
      ReadRegStr $R2 HKLM "${UNINSTALL_KEY}" "InstallLocation"
      ${If} $R2 != ""
        StrCpy $AllUsers 1
      ${EndIf}
    ${EndIf}
    ${If} $R2 != ""
      StrCpy $INSTDIR $R2
    ${EndIf}
  ${EndIf}

  ${If} $AllUsers == 1
    UserInfo::GetAccountType
    Pop $R3
    ${If} $R3 != "Admin"
      MessageBox MB_ICONSTOP "Installing ${PRODUCT} for all users needs an administrator: run Setup from an elevated prompt, or without /ALLUSERS to install it for yourself." /SD IDOK
      SetErrorLevel 740
      Quit
    ${EndIf}
    SetShellVarContext all
    ${If} $Update != 1
      StrCpy $INSTDIR "$PROGRAMFILES64\${PRODUCT}"
    ${EndIf}
  ${Else}
    SetShellVarContext current
  ${EndIf}

  ; Another copy of this installer already running: one at a time.
  System::Call 'kernel32::CreateMutex(p 0, i 0, t "${IDENTIFIER}.setup") p .r1 ?e'
  Pop $R4
  ${If} $R4 == 183
    MessageBox MB_ICONSTOP "${PRODUCT} Setup is already running." /SD IDOK
    SetErrorLevel 2
    Quit
  ${EndIf}
FunctionEnd

Function SkipWhenQuiet
  ${If} $Update == 1
    Abort
  ${EndIf}
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/P" $R1
  ${IfNot} ${Errors}
    Abort
  ${EndIf}
FunctionEnd

!macro WriteUninstallEntry ROOT
  WriteRegStr ${ROOT} "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr ${ROOT} "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr ${ROOT} "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr ${ROOT} "${UNINSTALL_KEY}" "DisplayIcon" '"$INSTDIR\${EXE}",0'
  WriteRegStr ${ROOT} "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegDWORD ${ROOT} "${UNINSTALL_KEY}" "EstimatedSize" $R5
  WriteRegDWORD ${ROOT} "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD ${ROOT} "${UNINSTALL_KEY}" "NoRepair" 1
  WriteRegStr ${ROOT} "${APP_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr ${ROOT} "${APP_KEY}" "Version" "${VERSION}"
!macroend

Section "Install"
  SetOutPath "$INSTDIR"
  ; An upgrade replaces the program files only: settings, drafts and remembered sign-ins
  ; live in the user's app data and the Windows Credential Manager, which Setup never touches.
  File "${STAGE}\${EXE}"
  File "${STAGE}\WebView2Loader.dll"
  File "${STAGE}\icon.ico"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\icon.ico" 0

  ${GetSize} "$INSTDIR" "/S=0K" $R5 $R6 $R7
  ${If} $AllUsers == 1
    !insertmacro WriteUninstallEntry HKLM
    WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe" /ALLUSERS'
    WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /ALLUSERS /S'
  ${Else}
    !insertmacro WriteUninstallEntry HKCU
    WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
    WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  ${EndIf}

  Call EnsureWebView2

  ${If} $Relaunch == 1
    Exec '"$INSTDIR\${EXE}"'
  ${EndIf}
SectionEnd

; The Evergreen runtime, checked the way Microsoft documents it (machine-wide, then this
; user's); only when it is missing is Microsoft's bootstrapper fetched and run.
Function EnsureWebView2
  ReadRegStr $R0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  ${If} $R0 == ""
  ${OrIf} $R0 == "0.0.0.0"
    ReadRegStr $R0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  ${EndIf}
  ${If} $R0 != ""
  ${AndIf} $R0 != "0.0.0.0"
    DetailPrint "Microsoft Edge WebView2 $R0 is installed."
    Return
  ${EndIf}
  DetailPrint "Microsoft Edge WebView2 is missing: downloading Microsoft's installer from microsoft.com..."
  StrCpy $R1 "$TEMP\MicrosoftEdgeWebview2Setup.exe"
  nsExec::ExecToLog 'powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -Command "[Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12; Invoke-WebRequest -UseBasicParsing -Uri ''${WEBVIEW2_URL}'' -OutFile ''$R1''"'
  Pop $R2
  ${If} $R2 != 0
  ${OrIfNot} ${FileExists} "$R1"
    DetailPrint "Could not download the WebView2 installer ($R2)."
    MessageBox MB_ICONEXCLAMATION "${PRODUCT} is installed, but Microsoft Edge WebView2 could not be downloaded, and ${PRODUCT} cannot open without it. Connect to the internet and run Setup again, or ask IT to install the WebView2 Runtime." /SD IDOK
    Return
  ${EndIf}
  DetailPrint "Installing Microsoft Edge WebView2..."
  ExecWait '"$R1" /silent /install' $R2
  Delete "$R1"
  ${If} $R2 != 0
    DetailPrint "The WebView2 installer ended with code $R2."
  ${EndIf}
FunctionEnd

; --- Uninstalling -------------------------------------------------------------------------

Function un.onInit
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/ALLUSERS" $R1
  ${IfNot} ${Errors}
    StrCpy $AllUsers 1
    SetShellVarContext all
  ${Else}
    SetShellVarContext current
  ${EndIf}
  ClearErrors
  ${GetOptions} $R0 "/PURGE" $R1
  ${IfNot} ${Errors}
    StrCpy $Purge 1
  ${EndIf}
FunctionEnd

Section "Uninstall"
  ; Exactly what Setup put there, so a folder chosen with /D loses nothing else.
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\icon.ico"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  ${If} $AllUsers == 1
    DeleteRegKey HKLM "${UNINSTALL_KEY}"
    DeleteRegKey HKLM "${APP_KEY}"
  ${Else}
    DeleteRegKey HKCU "${UNINSTALL_KEY}"
    DeleteRegKey HKCU "${APP_KEY}"
  ${EndIf}
  ; The user's settings, drafts and WebView data stay unless asked: reinstalling finds them.
  ${If} $Purge == 1
    SetShellVarContext current
    RMDir /r "$APPDATA\${IDENTIFIER}"
    RMDir /r "$LOCALAPPDATA\${IDENTIFIER}"
    DetailPrint "Removed this user's ${PRODUCT} data."
  ${EndIf}
SectionEnd

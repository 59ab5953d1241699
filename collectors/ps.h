/*
 * What the PowerShell collectors share (ps_common.c): the fields of one
 * Get-NetTCPConnection or Get-NetUDPEndpoint object, however it was
 * written (console table, Format-List, Export-Csv, ConvertTo-Json), made
 * into a socket record; a Get-ItemProperty value made into a registry
 * value record; the names of the properties they carry.  Included after
 * portaudit.h, collector.h and scan.h by collectors/ps_*.c only.
 */
#ifndef PS_H
#define PS_H

/* The properties of a connection or endpoint object portaudit reads. */
enum ps_field {
	PSF_LADDR = 0,		/* LocalAddress */
	PSF_LPORT,		/* LocalPort */
	PSF_RADDR,		/* RemoteAddress */
	PSF_RPORT,		/* RemotePort */
	PSF_STATE,		/* State: a name or the enum's number */
	PSF_PID,		/* OwningProcess */
	PSF_HOST,		/* PSComputerName (Invoke-Command) */
	PSF_PROCESS,		/* ProcessName, added with Select-Object */
	PSF_CLASS,		/* CimClass: ROOT/StandardCimv2:MSFT_Net... */
	PSF__MAX
};

/*
 * One object's fields as text, not NUL-terminated; s NULL: the object has
 * no such property (a column the console dropped).  proto PROTO_NONE: TCP
 * when the object has a State or RemotePort, else UDP.
 */
struct ps_sock {
	struct scan_tok	 f[PSF__MAX];
	enum proto	 proto;
};

/* The ps_field a property name stands for (any case), or -1. */
int		 ps_field_of(const char *, size_t);
/* The property name of a ps_field, as PowerShell writes it. */
const char	*ps_field_name(enum ps_field);
/* TCP or UDP from a CIM class or #TYPE name; PROTO_NONE when neither. */
enum proto	 ps_class_proto(const char *, size_t);
/*
 * Make the object into a socket record on the current line, for the host
 * its PSComputerName names; a port out of range, or an empty
 * PSComputerName where the object has one, makes the line unparsed
 * instead.  Returns the record or NULL.
 */
struct record	*ps_sock_add(struct parse *, const struct ps_sock *);

/*
 * Records from here on belong to the host s[0..n) names (PSComputerName);
 * an empty or absent name (NULL) means the input's own host while no
 * record of the input named one, else the line is made unparsed
 * (no-host) and -1 returned.
 */
int		 ps_set_host(struct parse *, const char *, size_t);
/* Property names of Get-ItemProperty that are not registry values. */
int		 ps_reg_meta(const char *, size_t);
/*
 * The registry key of a PSPath ("Microsoft.PowerShell.Core\Registry::
 * HKEY_LOCAL_MACHINE\..."), or of PSParentPath and PSChildName; NULL
 * when they name no key.  Interned.
 */
const char	*ps_reg_key(struct parse *, const char *, size_t, const char *,
		    size_t, const char *, size_t);
/*
 * A value as Format-List prints it: "{a, b}" a list (REG_MULTI_SZ), a
 * decimal a DWORD (or QWORD past 32 bits; negative Int32 values are DWORDs
 * past 0x7fffffff), anything else a string.  Adds the REC_REGVALUE record
 * on the current line and hands it to the knowledge base.
 */
struct record	*ps_reg_text(struct parse *, const char *, const char *,
		    size_t, const char *, size_t);
/* The same for a typed value (JSON): number, string or list of strings. */
struct record	*ps_reg_add(struct parse *, const char *, const char *,
		    size_t, const struct regvaluerec *);

#endif /* PS_H */

/*
 * The command table: one const struct cmd per cmd_*.c file, listed in
 * main.c.  A new command is a file plus a table line.
 */
#ifndef CMD_H
#define CMD_H

struct cmd {
	const char	*name;
	const char	*usage;		/* synopsis after "portaudit NAME" */
	const char	*summary;	/* one line for the command list */
	const char	*help;		/* the option list */
	int		(*exec)(int, char **);
};

extern const struct cmd cmd_audit;
extern const struct cmd cmd_inspect;
extern const struct cmd cmd_rules;
extern const struct cmd cmd_suggest;
extern const struct cmd cmd_plan;
extern const struct cmd cmd_formats;
extern const struct cmd cmd_history;
extern const struct cmd cmd_help;

const struct cmd *main_find_cmd(const char *);
void		 main_usage(FILE *);
/* Print a command's full help. */
void		 cmd_help_print(FILE *, const struct cmd *);

#endif /* CMD_H */

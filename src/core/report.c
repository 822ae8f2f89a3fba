/* Placeholder: reports are being written. */
#include "config.h"

#include "core/report.h"
#include "core/util.h"

char *
report_json(const sw_engine *e, const sw_report_info *info)
{
	(void)e;
	(void)info;
	return xstrdup("{}\n");
}

char *
report_markdown(const sw_engine *e, const sw_report_info *info)
{
	(void)e;
	(void)info;
	return xstrdup("");
}

int
report_write_file(const char *path, const char *data, char **errp)
{
	(void)path;
	(void)data;
	*errp = xstrdup("not written yet");
	return -1;
}

int
report_write(const sw_engine *e, const sw_report_info *info, const char *path,
    char **errp)
{
	(void)e;
	(void)info;
	(void)path;
	*errp = xstrdup("not written yet");
	return -1;
}

/* ssh.kex: can the client and the server agree on algorithms and exchange
 * keys?
 *
 * This sets up the one libssh session the later SSH probes share.  libssh
 * offers what the user's own ssh would offer for this host (`ssh -G`),
 * restricted to what libssh implements, so a success means OpenSSH would
 * agree too.
 *
 * On a failure the wizard must not blame the server for a gap in libssh, so
 * it reads the server's KEXINIT itself on a raw connection and compares it,
 * category by category, with the user's ssh:
 *
 * - `ssh -G HOST` lists what ssh will actually offer for this host after
 *   the user's configuration; only that decides whether ssh can connect.
 *   "kex failed" means a category (key exchange, host key, cipher, and MAC
 *   unless the cipher carries its own integrity) where the server's offer
 *   and this list share nothing.
 * - `ssh -Q` lists everything the ssh binary implements, enabled or not.
 *   It only tells whether the user could fix it on their side by enabling a
 *   legacy algorithm (KexAlgorithms=+...) rather than needing a server
 *   change.
 * - When ssh's list and the server's do meet but libssh's don't, the outcome
 *   is libssh_only: a limit of the wizard, not a fault of the server. */
#include "config.h"

#include "core/i18n.h"
#include "core/util.h"
#include "probes/probes.h"
#include "probes/ssh.h"

#include <stdlib.h>
#include <string.h>

#include <libssh/libssh.h>

static const sw_outcome outcomes[] = {
	{ "ok", SW_STATE_PASS, N_("client and server agreed on algorithms") },
	{ "no_common", SW_STATE_FAIL,
	  N_("the server shares no algorithm with your ssh") },
	{ "libssh_only", SW_STATE_UNCHECKED,
	  N_("your ssh and the server agree, but the wizard's SSH library "
	     "cannot follow") },
	{ "closed", SW_STATE_FAIL,
	  N_("the server dropped the connection during the key exchange") },
	{ "timeout", SW_STATE_FAIL,
	  N_("the key exchange did not finish in time") },
	{ "error", SW_STATE_UNCHECKED, N_("the check could not run") },
	{ NULL, 0, NULL },
};

/* Pseudo-algorithms in the kex list that announce extensions. */
static const char *const kex_pseudo =
    "ext-info-s,ext-info-c,kex-strict-s-v00@openssh.com,"
    "kex-strict-c-v00@openssh.com";

/* Ciphers with their own integrity: no MAC is negotiated with them. */
static const char *const aead_ciphers =
    "chacha20-poly1305@openssh.com,aes128-gcm@openssh.com,"
    "aes256-gcm@openssh.com";

/* The option a user adds to enable an algorithm of a category. */
typedef struct category {
	const char *id;		/* stable evidence id */
	const char *option;	/* ssh_config keyword */
} category;

static const category cats[] = {
	{ "kex", "KexAlgorithms" },
	{ "hostkey", "HostKeyAlgorithms" },
	{ "cipher", "Ciphers" },
	{ "mac", "MACs" },
};

/* The first element of a that b also has, or NULL.  Caller frees. */
static char *
first_common(const char *a, const char *b)
{
	char *c = sshp_list_common(a, b), *comma;

	if (*c == '\0') {
		free(c);
		return NULL;
	}
	if ((comma = strchr(c, ',')) != NULL)
		*comma = '\0';
	return c;
}

/* The server's list of category i, both directions merged where they are
 * two (only the common part: both directions must agree).  Caller frees. */
static char *
server_list(const sshp_kexinit *k, size_t i)
{
	switch (i) {
	case 0:
		return sshp_list_minus(k->kex, kex_pseudo);
	case 1:
		return xstrdup(k->hostkeys);
	case 2:
		return sshp_list_common(k->ciphers_c2s, k->ciphers_s2c);
	default:
		return sshp_list_common(k->macs_c2s, k->macs_s2c);
	}
}

static const char *
client_list(const sshp_algos *a, size_t i)
{
	switch (i) {
	case 0:
		return a->kex;
	case 1:
		return a->hostkeys;
	case 2:
		return a->ciphers;
	default:
		return a->macs;
	}
}

/* 1 if a MAC is needed with the cipher client and server would pick. */
static int
mac_needed(const char *client_ciphers, const char *server_ciphers)
{
	char *c = first_common(client_ciphers, server_ciphers);
	int need = c == NULL || !sshp_list_has(aead_ciphers, c);

	free(c);
	return need;
}

/* The groups (bit i for cats[i], as SSHP_ALG_*) in which the lists in en
 * have nothing in common with the server's offer: where ssh would stop. */
static unsigned
ssh_lacks(const sshp_algos *en, const sshp_kexinit *k)
{
	char *srv_ciphers = server_list(k, 2);
	unsigned lacks = 0;
	size_t i;

	for (i = 0; i < 4; i++) {
		char *srv = server_list(k, i);
		char *common = sshp_list_common(client_list(en, i), srv);

		if (*common == '\0' && (i != 3 ||
		    mac_needed(en->ciphers, srv_ciphers)))
			lacks |= 1u << i;
		free(common);
		free(srv);
	}
	free(srv_ciphers);
	return lacks;
}

/* Compares the server's offer with the user's ssh (and with what libssh
 * offered).  Returns the outcome. */
static const char *
kex_analyse(sw_probe_ctx *ctx, const sshp_open_info *info,
    const sshp_kexinit *k)
{
	const char *libssh_lists[4];
	char *srv[4];
	sshp_algos q;
	int have_q, ssh_fails = 0, libssh_fails = 0;
	size_t i;

	libssh_lists[0] = info->client_kex;
	libssh_lists[1] = info->client_hostkeys;
	libssh_lists[2] = info->client_ciphers;
	libssh_lists[3] = info->client_macs;
	for (i = 0; i < 4; i++) {
		srv[i] = server_list(k, i);
		evidence_add(&ctx->evidence, "server_offers", "%s: %s",
		    cats[i].id, srv[i]);
	}
	if (!info->client_from_ssh) {
		/* No ssh to compare with: the user connects with another
		 * client, and libssh is the best stand-in there is. */
		for (i = 0; i < 4; i++)
			free(srv[i]);
		evidence_add(&ctx->evidence, "note", "ssh did not answer; "
		    "judged by the wizard's SSH library instead");
		return info->code == SSHP_EKEX ? "no_common" : NULL;
	}
	/* What the user's ssh could enable matters only where it has
	 * nothing in common with the server: ask ssh -Q for those lists
	 * alone (sshp_algos has them in the order of cats[]). */
	have_q = sshp_algos_supported(ctx, ssh_lacks(&info->enabled, k),
	    &q) == 0;
	for (i = 0; i < 4; i++) {
		const char *mine = client_list(&info->enabled, i);
		char *common;

		evidence_add(&ctx->evidence, "your_ssh_offers", "%s: %s",
		    cats[i].id, mine);
		if (i == 3 && !mac_needed(info->enabled.ciphers, srv[2])) {
			evidence_add(&ctx->evidence, "in_common", "mac: none "
			    "needed, the cipher both prefer has its own "
			    "integrity check");
			continue;
		}
		common = sshp_list_common(mine, srv[i]);
		if (*common == '\0') {
			char *can = have_q ? sshp_list_common(srv[i],
			    client_list(&q, i)) : xstrdup("");

			ssh_fails++;
			evidence_add(&ctx->evidence, "no_common", "%s",
			    cats[i].id);
			if (*can != '\0') {
				char *one = xstrndup(can, strcspn(can, ","));

				evidence_add(&ctx->evidence, "your_ssh_can_enable",
				    "%s: %s", cats[i].id, can);
				/* The option alone: a command puts it
				 * after its own -o. */
				evidence_add(&ctx->evidence, "enable_with",
				    "%s=+%s", cats[i].option, one);
				free(one);
			} else if (have_q)
				evidence_add(&ctx->evidence, "your_ssh_lacks",
				    "%s: your ssh implements none of the "
				    "server's %s algorithms", cats[i].id,
				    cats[i].id);
			free(can);
		} else {
			evidence_add(&ctx->evidence, "in_common", "%s: %s",
			    cats[i].id, common);
			if (libssh_lists[i] != NULL) {
				char *lc = sshp_list_common(libssh_lists[i],
				    srv[i]);

				if (*lc == '\0') {
					libssh_fails++;
					evidence_add(&ctx->evidence,
					    "libssh_lacks", "%s: %s",
					    cats[i].id, common);
				}
				free(lc);
			}
		}
		free(common);
	}
	for (i = 0; i < 4; i++)
		free(srv[i]);
	if (have_q)
		sshp_algos_free(&q);
	else
		evidence_add(&ctx->evidence, "note", "`ssh -Q` did not answer: "
		    "the wizard cannot tell whether your ssh could enable an "
		    "older algorithm");
	if (ssh_fails > 0)
		return "no_common";
	if (libssh_fails > 0 || info->code == SSHP_EKEX)
		return "libssh_only";
	return NULL;
}

static const char *
kex_run(sw_probe_ctx *ctx)
{
	sw_session *s = ctx->session;
	sshp_open_info info;
	sshp_kexinit k;
	const char *outcome = "error", *v;
	char *esc;
	int rc, have_k = 0;

	/* The server's offer as ssh.banner read it: where the user's ssh has
	 * nothing in common with it, ssh stops there, and so does this check,
	 * without a connection of its own. */
	if (s->kexinit != NULL && s->kexinit_hop == s->hop &&
	    sshp_kexinit_parse(s->kexinit, s->kexinit_len, &k) == 0) {
		have_k = 1;
		memset(&info, 0, sizeof(info));
		if (sshp_algos_enabled(ctx, &info.enabled) == 0 &&
		    ssh_lacks(&info.enabled, &k) != 0) {
			info.client_from_ssh = 1;
			evidence_add(&ctx->evidence, "client_algorithms_from",
			    "%s", ctx->target->no_ssh_config ?
			    "ssh -G -F /dev/null (ssh's defaults: "
			    "--no-ssh-config)" : "ssh -G (what your ssh "
			    "offers for this host)");
			evidence_add(&ctx->evidence, "note", "the server's "
			    "offer as read after its banner; your ssh has "
			    "nothing in common with it, so the key exchange "
			    "was not tried");
			outcome = kex_analyse(ctx, &info, &k);
			goto out;
		}
		sshp_open_info_free(&info);
	}
	rc = sshp_session_open(ctx, &info);
	if (info.address != NULL)
		evidence_add(&ctx->evidence, "address", "%s", info.address);
	evidence_add(&ctx->evidence, "client_algorithms_from", "%s",
	    !info.client_from_ssh ? "libssh defaults (ssh did not answer)" :
	    ctx->target->no_ssh_config ? "ssh -G -F /dev/null (ssh's defaults: "
	    "--no-ssh-config)" : "ssh -G (what your ssh offers for this host)");
	if (info.connect_ms > 0 || info.kex_ms > 0) {
		evidence_add(&ctx->evidence, "connect_ms", "%lld",
		    (long long)info.connect_ms);
		evidence_add(&ctx->evidence, "kex_ms", "%lld",
		    (long long)info.kex_ms);
	}
	if (rc == SSHP_OK) {
		ssh_session ssh = s->ssh;
		ssh_key key = NULL;

		if ((v = ssh_get_serverbanner(ssh)) != NULL) {
			esc = sw_escape_bytes((const unsigned char *)v,
			    strlen(v), SSHP_ID_MAX);
			evidence_add(&ctx->evidence, "server", "%s", esc);
			free(esc);
		}
		if ((v = ssh_get_kex_algo(ssh)) != NULL)
			evidence_add(&ctx->evidence, "kex", "%s", v);
		if (ssh_get_server_publickey(ssh, &key) == SSH_OK) {
			evidence_add(&ctx->evidence, "hostkey_type", "%s",
			    ssh_key_type_to_char(ssh_key_type(key)));
			ssh_key_free(key);
		}
		if ((v = ssh_get_cipher_out(ssh)) != NULL)
			evidence_add(&ctx->evidence, "cipher", "%s", v);
		if ((v = ssh_get_hmac_out(ssh)) != NULL)
			evidence_add(&ctx->evidence, "mac", "%s", v);
		sshp_open_info_free(&info);
		if (have_k)
			sshp_kexinit_free(&k);
		return "ok";
	}

	evidence_add(&ctx->evidence, "libssh_error", "%s",
	    info.error ? info.error : sshp_strerror(rc));
	switch (rc) {
	case SSHP_ECANCEL:
	case SSHP_ENOADDR:
	case SSHP_ECONNECT:
		outcome = "error";
		goto out;
	case SSHP_ETIME:
		evidence_add(&ctx->evidence, "timeout_ms", "%d",
		    ctx->target->timeout_ms);
		outcome = "timeout";
		goto out;
	default:
		break;
	}

	/* Why did it fail?  Ask the server what it offers (unless ssh.banner
	 * already read it). */
	rc = have_k ? SSHP_OK : sshp_kexinit_fetch(ctx, &k);
	if (rc == SSHP_OK)
		have_k = 1;
	else {
		evidence_add(&ctx->evidence, "server_offer_error", "%s",
		    sshp_strerror(rc));
		if (rc == SSHP_ETIME)
			outcome = "timeout";
		else if (rc == SSHP_ECANCEL)
			outcome = "error";
		else if (info.code == SSHP_EKEX)
			outcome = "error";	/* cannot tell who lacks what */
		else
			outcome = "closed";
		goto out;
	}
	v = kex_analyse(ctx, &info, &k);
	if (v != NULL)
		outcome = v;
	else {
		/* The algorithms match, yet the server hung up. */
		evidence_add(&ctx->evidence, "note", "the server's offer "
		    "matches your ssh; it ended the connection anyway");
		outcome = "closed";
	}
out:
	if (have_k)
		sshp_kexinit_free(&k);
	sshp_open_info_free(&info);
	return outcome;
}

/* The evidence keys the probes of this file may record (probe.h). */
static const char *const evidence_keys[] = {
	"address", "cipher", "client_algorithms_from", "connect_ms",
	"enable_with", "hostkey_type", "in_common", "kex", "kex_ms",
	"libssh_error", "libssh_lacks", "mac", "no_common", "note", "server",
	"server_offer_error", "server_offers", "timeout_ms",
	"your_ssh_can_enable", "your_ssh_lacks", "your_ssh_offers", NULL,
};

const sw_probe_def probe_ssh_kex = {
	.name = "ssh.kex",
	.title = N_("Agree on algorithms and exchange keys"),
	.outcomes = outcomes,
	.run = kex_run,
	.evidence = evidence_keys,
};

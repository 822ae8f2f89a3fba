/*
 * fakeserver - a hostile or broken "SSH" server for the sshwizard fault lab.
 *
 * Usage: fakeserver [-4] [-l SECONDS] [-p PIDFILE] [-K PUBFILE] MODE PORT
 *
 * Listens on PORT on all addresses (dual-stack [::] when IPv6 works, else
 * 0.0.0.0; -4 forces 0.0.0.0), forks one child per connection and behaves
 * according to MODE:
 *
 *   close     accept, then close at once (FIN) before sending anything
 *   silent    accept, never send a byte
 *   slow      send "SSH-2.0-Slow\r\n" one byte per second
 *   endless   send one endless line without a newline (capped at 8 MiB)
 *   junk      send 1 MiB of pseudo-random binary junk
 *   reset     send a banner, read a little, then reset (SO_LINGER 0 -> RST)
 *   http      answer like a web server: "HTTP/1.1 400 Bad Request"
 *   prelines  send some non-SSH lines, a valid "SSH-2.0-OpenSSH_9.9" banner,
 *             then close
 *   banners   a real key exchange (libssh's server, an ed25519 host key made
 *             at start; -K writes its "ssh-ed25519 BASE64" line to PUBFILE),
 *             then, once the client asks to log in, SSH_MSG_USERAUTH_BANNER
 *             messages of 16 KiB without end (capped at 64 MiB) and never an
 *             answer to the login request
 *   hugepacket  a real key exchange, then, once the client asks to log in,
 *             one SSH_MSG_USERAUTH_BANNER packet of 1 MiB (four times the
 *             256 KiB packet a client must accept), then silence
 *
 * Lifetime is bounded: the server exits after -l SECONDS (default 120) or on
 * SIGTERM/SIGINT, and kills its connection children on the way out; each
 * child also carries its own alarm for the remaining lifetime, so nothing
 * outlives the deadline even if the parent is killed with SIGKILL.
 *
 * The pid file (-p) is written once the socket listens (so its existence
 * means "ready"), and removed at exit.
 *
 * Exit status: 0 normal end, 2 usage error, 1 other error.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libssh/libssh.h>
#include <libssh/server.h>

#define MAX_CHILDREN 32
#define BANNER_CHUNK (16u * 1024u)
#define BANNERS_CAP (64u * 1024u * 1024u)
#define HUGE_PACKET (1024u * 1024u)
#define ENDLESS_CAP (8u * 1024u * 1024u)
#define JUNK_SIZE (1024u * 1024u)
#define DRAIN_MS 2000
#define REQUEST_WAIT_MS 5000

enum mode {
	M_CLOSE,
	M_SILENT,
	M_SLOW,
	M_ENDLESS,
	M_JUNK,
	M_RESET,
	M_HTTP,
	M_PRELINES,
	M_BANNERS,
	M_HUGEPACKET,
};

static const char *const mode_names[] = {
	"close", "silent", "slow", "endless", "junk", "reset", "http", "prelines",
	"banners", "hugepacket", NULL,
};

static volatile sig_atomic_t stop_flag;

static void on_stop(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static void usage(void)
{
	fprintf(stderr,
	    "usage: fakeserver [-4] [-l SECONDS] [-p PIDFILE] MODE PORT\n"
	    "modes: close silent slow endless junk reset http prelines banners "
	    "hugepacket\n");
}

static long parse_long(const char *s, long min, long max)
{
	char *end = NULL;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
		return -1;
	return v;
}

/* Sleep for ms milliseconds, restarting after signals. */
static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Send all of buf; returns 0, or -1 when the peer went away. */
static int send_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Wait up to ms milliseconds (-1: no limit, the alarm bounds it) for data
 * and read at most cap bytes once into buf.  Returns bytes read, 0 on EOF
 * or timeout, -1 on error.
 */
static ssize_t read_some(int fd, char *buf, size_t cap, int ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int r;

	do {
		r = poll(&pfd, 1, ms);
	} while (r < 0 && errno == EINTR);
	if (r <= 0)
		return r < 0 ? -1 : 0;
	for (;;) {
		ssize_t n = recv(fd, buf, cap, 0);

		if (n < 0 && errno == EINTR)
			continue;
		return n;
	}
}

/* Read and discard until EOF, error, or ms milliseconds (-1: no limit). */
static void drain(int fd, int ms)
{
	char buf[4096];
	struct timespec start, now;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		int left = -1;

		if (ms >= 0) {
			long el;

			clock_gettime(CLOCK_MONOTONIC, &now);
			el = (now.tv_sec - start.tv_sec) * 1000L +
			    (now.tv_nsec - start.tv_nsec) / 1000000L;
			if (el >= ms)
				return;
			left = (int)(ms - el);
		}
		if (read_some(fd, buf, sizeof buf, left) <= 0)
			return;
	}
}

/* Half-close our side (FIN), let the peer finish, then close: no RST. */
static void close_gently(int fd)
{
	shutdown(fd, SHUT_WR);
	drain(fd, DRAIN_MS);
	close(fd);
}

static uint64_t rng_state;

static uint64_t rng_next(void)
{
	/* xorshift64*: plenty for junk bytes */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

/* Sends one SSH_MSG_USERAUTH_BANNER of n bytes of text.  Returns 0 or -1. */
static int send_auth_banner(ssh_session ssh, size_t n)
{
	static const char line[] = "This banner goes on and on. ";
	ssh_string s;
	char *text = malloc(n + 1);
	size_t i;
	int rc;

	if (text == NULL)
		return -1;
	for (i = 0; i < n; i++)
		text[i] = (i + 1) % 64 == 0 ? '\n' : line[i % (sizeof line - 1)];
	text[n] = '\0';
	s = ssh_string_from_char(text);
	free(text);
	if (s == NULL)
		return -1;
	rc = ssh_send_issue_banner(ssh, s);
	ssh_string_free(s);
	return rc == SSH_OK ? 0 : -1;
}

/* The post-key-exchange modes: libssh does the protocol up to the client's
 * first login request, then the mode misbehaves. */
static ssh_key host_key;	/* the post-key-exchange modes' */

static void serve_ssh(enum mode mode, int fd)
{
	ssh_bind bind = ssh_bind_new();
	ssh_session ssh = ssh_new();
	ssh_message msg;
	size_t sent = 0;
	int asked = 0;

	if (bind == NULL || ssh == NULL || host_key == NULL ||
	    ssh_bind_options_set(bind, SSH_BIND_OPTIONS_IMPORT_KEY,
	    host_key) != 0 ||
	    ssh_bind_accept_fd(bind, ssh, fd) != SSH_OK ||
	    ssh_handle_key_exchange(ssh) != SSH_OK) {
		fprintf(stderr, "fakeserver: key exchange: %s\n",
		    ssh != NULL ? ssh_get_error(ssh) : "no memory");
		goto out;
	}
	/* The client asks for the ssh-userauth service, then logs in. */
	while (!asked && (msg = ssh_message_get(ssh)) != NULL) {
		if (ssh_message_type(msg) == SSH_REQUEST_SERVICE)
			ssh_message_service_reply_success(msg);
		else if (ssh_message_type(msg) == SSH_REQUEST_AUTH)
			asked = 1;
		else
			ssh_message_reply_default(msg);
		ssh_message_free(msg);
	}
	if (!asked)
		goto out;
	if (mode == M_BANNERS) {
		while (!stop_flag && sent < BANNERS_CAP &&
		    send_auth_banner(ssh, BANNER_CHUNK) == 0)
			sent += BANNER_CHUNK;
	} else if (send_auth_banner(ssh, HUGE_PACKET) == 0) {
		sent = HUGE_PACKET;
	}
	fprintf(stderr, "fakeserver: %s: sent %zu bytes of banners\n",
	    mode_names[mode], sent);
	drain(fd, -1);
out:
	if (ssh != NULL) {
		ssh_disconnect(ssh);
		ssh_free(ssh);
	}
	if (bind != NULL)
		ssh_bind_free(bind);
}

static void serve(enum mode mode, int fd)
{
	char buf[4096];

	switch (mode) {
	case M_BANNERS:
	case M_HUGEPACKET:
		serve_ssh(mode, fd);
		return;

	case M_CLOSE:
		close_gently(fd);
		return;

	case M_SILENT:
		drain(fd, -1);
		break;

	case M_SLOW: {
		static const char banner[] = "SSH-2.0-Slow\r\n";
		size_t i;

		for (i = 0; i < sizeof banner - 1; i++) {
			if (send_all(fd, &banner[i], 1) < 0)
				break;
			if (i + 1 < sizeof banner - 1)
				sleep_ms(1000);
		}
		drain(fd, -1);
		break;
	}

	case M_ENDLESS: {
		static const char pat[] = "this-line-never-ends-";
		size_t sent = 0, i;

		for (i = 0; i < sizeof buf; i++)
			buf[i] = pat[i % (sizeof pat - 1)];
		while (sent < ENDLESS_CAP) {
			if (send_all(fd, buf, sizeof buf) < 0)
				break;
			sent += sizeof buf;
		}
		close_gently(fd);
		return;
	}

	case M_JUNK: {
		size_t sent = 0, i;

		rng_state = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32) ^
		    0x9e3779b97f4a7c15ULL;
		if (rng_state == 0)
			rng_state = 1;
		while (sent < JUNK_SIZE) {
			for (i = 0; i + 8 <= sizeof buf; i += 8) {
				uint64_t r = rng_next();

				memcpy(buf + i, &r, 8);
			}
			if (send_all(fd, buf, sizeof buf) < 0)
				break;
			sent += sizeof buf;
		}
		close_gently(fd);
		return;
	}

	case M_RESET: {
		static const char banner[] = "SSH-2.0-OpenSSH_9.9\r\n";
		struct linger lg = { .l_onoff = 1, .l_linger = 0 };

		if (send_all(fd, banner, sizeof banner - 1) == 0)
			(void)read_some(fd, buf, 256, DRAIN_MS);
		setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
		close(fd); /* RST */
		return;
	}

	case M_HTTP: {
		static const char body[] =
		    "<html>\r\n<head><title>400 Bad Request</title></head>\r\n"
		    "<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n"
		    "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
		char head[256];
		int n;

		(void)read_some(fd, buf, sizeof buf, REQUEST_WAIT_MS);
		n = snprintf(head, sizeof head,
		    "HTTP/1.1 400 Bad Request\r\n"
		    "Server: nginx\r\n"
		    "Content-Type: text/html\r\n"
		    "Content-Length: %zu\r\n"
		    "Connection: close\r\n\r\n",
		    sizeof body - 1);
		if (n > 0 && (size_t)n < sizeof head &&
		    send_all(fd, head, (size_t)n) == 0)
			(void)send_all(fd, body, sizeof body - 1);
		close_gently(fd);
		return;
	}

	case M_PRELINES: {
		static const char text[] =
		    "Welcome to the lab gateway.\r\n"
		    "Unauthorized access is prohibited.\r\n"
		    "This line is not an SSH banner.\r\n"
		    "SSH-2.0-OpenSSH_9.9\r\n";

		(void)send_all(fd, text, sizeof text - 1);
		close_gently(fd);
		return;
	}
	}
	close(fd);
}

static int open_listener(int port, int force4)
{
	int one = 1, zero = 0, fd = -1;

	if (!force4) {
		struct sockaddr_in6 a6;

		fd = socket(AF_INET6, SOCK_STREAM, 0);
		if (fd >= 0) {
			memset(&a6, 0, sizeof a6);
			a6.sin6_family = AF_INET6;
			a6.sin6_addr = in6addr_any;
			a6.sin6_port = htons((uint16_t)port);
			setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
			setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero,
			    sizeof zero);
			if (bind(fd, (struct sockaddr *)&a6, sizeof a6) == 0 &&
			    listen(fd, 64) == 0)
				return fd;
			close(fd);
			fd = -1;
		}
	}

	{
		struct sockaddr_in a4;

		fd = socket(AF_INET, SOCK_STREAM, 0);
		if (fd < 0) {
			perror("fakeserver: socket");
			return -1;
		}
		memset(&a4, 0, sizeof a4);
		a4.sin_family = AF_INET;
		a4.sin_addr.s_addr = htonl(INADDR_ANY);
		a4.sin_port = htons((uint16_t)port);
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
		if (bind(fd, (struct sockaddr *)&a4, sizeof a4) != 0 ||
		    listen(fd, 64) != 0) {
			perror("fakeserver: bind/listen");
			close(fd);
			return -1;
		}
	}
	return fd;
}

static int write_pidfile(const char *path)
{
	char tmp[4096];
	FILE *f = NULL;
	int n;

	n = snprintf(tmp, sizeof tmp, "%s.tmp", path);
	if (n < 0 || (size_t)n >= sizeof tmp)
		return -1;
	f = fopen(tmp, "w");
	if (f == NULL)
		return -1;
	fprintf(f, "%ld\n", (long)getpid());
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	pid_t kids[MAX_CHILDREN];
	const char *pidfile = NULL, *pubfile = NULL;
	long lifetime = 120, port;
	int nkids = 0, force4 = 0, lfd, opt, i;
	enum mode mode = M_CLOSE;
	time_t deadline;

	while ((opt = getopt(argc, argv, "4l:p:K:")) != -1) {
		switch (opt) {
		case '4':
			force4 = 1;
			break;
		case 'l':
			lifetime = parse_long(optarg, 1, 86400);
			if (lifetime < 0) {
				usage();
				return 2;
			}
			break;
		case 'p':
			pidfile = optarg;
			break;
		case 'K':
			pubfile = optarg;
			break;
		default:
			usage();
			return 2;
		}
	}
	if (argc - optind != 2) {
		usage();
		return 2;
	}
	for (i = 0; mode_names[i] != NULL; i++)
		if (strcmp(argv[optind], mode_names[i]) == 0)
			break;
	if (mode_names[i] == NULL) {
		fprintf(stderr, "fakeserver: unknown mode '%s'\n", argv[optind]);
		usage();
		return 2;
	}
	mode = (enum mode)i;
	port = parse_long(argv[optind + 1], 1, 65535);
	if (port < 0) {
		fprintf(stderr, "fakeserver: bad port '%s'\n", argv[optind + 1]);
		return 2;
	}

	if (mode == M_BANNERS || mode == M_HUGEPACKET) {
		char *b64 = NULL;
		FILE *f;

		if (ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &host_key) !=
		    SSH_OK || ssh_pki_export_pubkey_base64(host_key, &b64) !=
		    SSH_OK) {
			fprintf(stderr, "fakeserver: cannot make a host key\n");
			return 1;
		}
		if (pubfile != NULL) {
			if ((f = fopen(pubfile, "w")) == NULL ||
			    fprintf(f, "ssh-ed25519 %s\n", b64) < 0 ||
			    fclose(f) != 0) {
				fprintf(stderr, "fakeserver: cannot write %s\n",
				    pubfile);
				return 1;
			}
		}
		ssh_string_free_char(b64);
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop; /* no SA_RESTART: poll() returns EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	lfd = open_listener((int)port, force4);
	if (lfd < 0)
		return 1;
	deadline = time(NULL) + lifetime;
	alarm((unsigned)lifetime);
	if (pidfile != NULL && write_pidfile(pidfile) != 0) {
		fprintf(stderr, "fakeserver: cannot write pid file %s\n",
		    pidfile);
		close(lfd);
		return 1;
	}

	while (!stop_flag) {
		struct pollfd pfd = { .fd = lfd, .events = POLLIN };
		pid_t pid;
		int cfd;

		/* reap finished children */
		for (i = 0; i < nkids;) {
			if (waitpid(kids[i], NULL, WNOHANG) == kids[i])
				kids[i] = kids[--nkids];
			else
				i++;
		}
		if (time(NULL) >= deadline)
			break;
		if (poll(&pfd, 1, 500) <= 0)
			continue;
		cfd = accept(lfd, NULL, NULL);
		if (cfd < 0)
			continue;
		if (nkids >= MAX_CHILDREN) {
			close(cfd);
			continue;
		}
		pid = fork();
		if (pid < 0) {
			close(cfd);
			continue;
		}
		if (pid == 0) {
			long left = (long)(deadline - time(NULL));

			close(lfd);
			signal(SIGTERM, SIG_DFL);
			signal(SIGINT, SIG_DFL);
			signal(SIGALRM, SIG_DFL);
			alarm((unsigned)(left > 0 ? left : 1));
			serve(mode, cfd);
			_exit(0);
		}
		kids[nkids++] = pid;
		close(cfd);
	}

	close(lfd);
	for (i = 0; i < nkids; i++)
		kill(kids[i], SIGTERM);
	for (i = 0; i < 20 && nkids > 0; i++) {
		int j;

		for (j = 0; j < nkids;) {
			if (waitpid(kids[j], NULL, WNOHANG) == kids[j])
				kids[j] = kids[--nkids];
			else
				j++;
		}
		if (nkids > 0)
			sleep_ms(50);
	}
	for (i = 0; i < nkids; i++) {
		kill(kids[i], SIGKILL);
		waitpid(kids[i], NULL, 0);
	}
	if (pidfile != NULL)
		unlink(pidfile);
	ssh_key_free(host_key);
	return 0;
}

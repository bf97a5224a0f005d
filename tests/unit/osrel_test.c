/*
 * osrel_test.c: osrel_parse() on quoting and escaping cases, then on
 * the os-release files of about 35 distributions in
 * $SHARED/fixtures/os-release.
 */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "pkg.h"
#include "strbuf.h"
#include "unit.h"
#include "xalloc.h"

static int
parse_str(const char *s, struct osrel *o, struct diag *d)
{
	diag_init(d);
	return osrel_parse(s, strlen(s), o, d);
}

static void
test_quoting(void)
{
	struct osrel o;
	struct diag d;
	const char *s =
	    "# comment line\n"
	    "\n"
	    "   \t\n"
	    "NAME=\"Debian GNU/Linux\"\n"
	    "ID=debian\n"
	    "ID_LIKE='rhel \"fedora\" $HOME'\n"
	    "PRETTY_NAME=\"a \\\"quoted\\\" \\\\ \\$x \\`y\\` \\n z\"\n"
	    "VERSION=\"12 (bookworm)\"   \n"
	    "VERSION_ID=1\\ 2\n"
	    "  VERSION_CODENAME=bookworm\r\n"
	    "HOME_URL=\"https://www.debian.org/\"\r\n"
	    "UNKNOWN_KEY=whatever\n"
	    "CPE_NAME=\"cpe:/o:x:y:1\"\n"
	    "BUILD_ID=first\n"
	    "BUILD_ID=\"\"\n"
	    "ID=\"debian\"\n";

	CHECK_INT(parse_str(s, &o, &d), 0);
	CHECK_INT(d.nwarn, 0);
	CHECK_STR(o.name, "Debian GNU/Linux");
	CHECK_STR(o.id, "debian");
	CHECK_STR(o.id_like, "rhel \"fedora\" $HOME");
	CHECK_STR(o.pretty_name, "a \"quoted\" \\ $x `y` \\n z");
	CHECK_STR(o.version, "12 (bookworm)");
	CHECK_STR(o.version_id, "1 2");
	CHECK_STR(o.version_codename, "bookworm");
	CHECK_STR(o.home_url, "https://www.debian.org/");
	CHECK_STR(o.cpe_name, "cpe:/o:x:y:1");
	CHECK_STR(o.build_id, NULL);
	osrel_release(&o);
	CHECK_STR(o.id, NULL);
}

static void
test_malformed(void)
{
	static const char bin[] = "ID=x\n\0\x01\x02";
	struct osrel o;
	struct diag d;
	const char *s =
	    "ID=alpine\n"
	    "NAME = \"spaces around\"\n"
	    "PRETTY_NAME=\"unterminated\n"
	    "VERSION='one'two\n"
	    "VERSION_ID=$(reboot)\n"
	    "9KEY=x\n"
	    "just words\n"
	    "HOME_URL=\"ok\" trailing\n"
	    "BUILD_ID=\"x\"\n";

	CHECK_INT(parse_str(s, &o, &d), 0);
	CHECK_INT(d.nwarn, 7);
	CHECK_STR(o.id, "alpine");
	CHECK_STR(o.name, NULL);
	CHECK_STR(o.pretty_name, NULL);
	CHECK_STR(o.version, NULL);
	CHECK_STR(o.version_id, NULL);
	CHECK_STR(o.home_url, NULL);
	CHECK_STR(o.build_id, "x");
	osrel_release(&o);

	diag_init(&d);
	CHECK_INT(osrel_parse(bin, sizeof(bin) - 1, &o, &d), -1);
	CHECK_INT(d.failed, 1);
	CHECK_INT(parse_str("", &o, &d), 0);
	CHECK_STR(o.id, NULL);
	osrel_release(&o);
}

static const struct {
	const char	*path;
	const char	*id;
	const char	*version_id;
	const char	*id_like;
	const char	*pretty;
} distros[] = {
	{ "debian12-base-files/usr/lib/os-release", "debian", "12", NULL,
	    "Debian GNU/Linux 12 (bookworm)" },
	{ "distroless-debian10/etc/os-release", "debian", "10", NULL,
	    "Distroless" },
	{ "syft-alma/etc/os-release", "almalinux", "8.4",
	    "rhel centos fedora", "AlmaLinux 8.4 (Electric Cheetah)" },
	{ "syft-alpine3.11/etc/os-release", "alpine", "3.11.6", NULL,
	    "Alpine Linux v3.11" },
	{ "syft-amazonlinux2/etc/os-release", "amzn", "2",
	    "centos rhel fedora", "Amazon Linux 2" },
	{ "syft-arch/etc/os-release", "arch", NULL, NULL, "Arch Linux" },
	{ "syft-centos/usr/lib/os-release", "centos", "8", "rhel fedora",
	    "CentOS Linux 8 (Core)" },
	{ "syft-debian13-trixie/etc/os-release", "debian", "13", NULL,
	    "Debian GNU/Linux 13 (trixie)" },
	{ "syft-debian8/usr/lib/os-release", "debian", "8", NULL,
	    "Debian GNU/Linux 8 (jessie)" },
	{ "syft-fedora/usr/lib/os-release", "fedora", "36", NULL,
	    "Fedora Linux 36 (Container Image)" },
	{ "syft-mariner/etc/os-release", "mariner", "1.0", NULL,
	    "CBL-Mariner/Linux" },
	{ "syft-opensuse-leap/etc/os-release", "opensuse-leap", "15.2",
	    "suse opensuse", "openSUSE Leap 15.2" },
	{ "syft-oraclelinux/etc/os-release", "ol", "8.3", "fedora",
	    "Oracle Linux Server 8.3" },
	{ "syft-partial-missing-id/usr/lib/os-release", NULL, "8", "debian",
	    NULL },
	{ "syft-partial-missing-version/usr/lib/os-release", NULL, NULL,
	    "debian", NULL },
	{ "syft-photon/etc/os-release", "photon", "2.0", NULL,
	    "VMware Photon OS/Linux" },
	{ "syft-rhel7.3/usr/lib/os-release", "rhel", "7.3", "fedora",
	    "Red Hat Enterprise Linux Server 7.3 (Maipo)" },
	{ "syft-rocky/etc/os-release", "rocky", "8.4", "rhel fedora",
	    "Rocky Linux 8.4 (Green Obsidian)" },
	{ "syft-sles/etc/os-release", "sles", "15.2", "suse",
	    "SUSE Linux Enterprise Server 15 SP2" },
	{ "syft-ubuntu20.04/etc/os-release", "ubuntu", "20.04", "debian",
	    "Ubuntu 20.04 LTS" },
	{ "syft-unprintable/etc/os-release", "debian", "8", NULL,
	    "Debian GNU/Linux 8 (jessie)" },
	{ "syft-wolfi/etc/os-release", "wolfi", "20220914", NULL, "Wolfi" },
	{ "transcribed/amazonlinux2023/etc/os-release", "amzn", "2023",
	    "fedora", "Amazon Linux 2023" },
	{ "transcribed/chainguard/etc/os-release", "chainguard", "20231201",
	    NULL, "Chainguard" },
	{ "transcribed/ubuntu18.04/etc/os-release", "ubuntu", "18.04",
	    "debian", "Ubuntu 18.04.6 LTS" },
	{ "transcribed/ubuntu22.04/etc/os-release", "ubuntu", "22.04",
	    "debian", "Ubuntu 22.04.3 LTS" },
	{ "transcribed/ubuntu25.10/etc/os-release", "ubuntu", "25.10",
	    "debian", "Ubuntu 25.10" },
	{ "trivy-alma/etc/os-release", "almalinux", "9.4",
	    "rhel centos fedora", "AlmaLinux 9.4 (Seafoam Ocelot)" },
	{ "trivy-alpine/etc/os-release", "alpine", "3.15.4", NULL,
	    "Alpine Linux v3.15" },
	{ "trivy-azurelinux3.0/etc/os-release", "azurelinux", "3.0", NULL,
	    "Microsoft Azure Linux 3.0" },
	{ "trivy-bottlerocket/etc/os-release", "bottlerocket", "1.34.0",
	    NULL, "Bottlerocket OS 1.34.0 (aws-ecs-2)" },
	{ "trivy-centos-stream/etc/os-release", "centos", "8",
	    "rhel fedora", "CentOS Stream 8" },
	{ "trivy-echo/etc/os-release", "echo", "1", NULL, NULL },
	{ "trivy-minimos/etc/os-release", "minimos", "20241031", NULL,
	    "MinimOS" },
	{ "trivy-no-version/etc/os-release", "alpine", NULL, NULL,
	    "Alpine Linux v3.15" },
	{ "trivy-opensuse-tumbleweed/etc/os-release", "opensuse-tumbleweed",
	    "20220412", "opensuse suse", "openSUSE Tumbleweed" },
	{ "trivy-rhel9.4-ubi/etc/os-release", "rhel", "9.4", "fedora",
	    "Red Hat Enterprise Linux 9.4 (Plow)" },
	/* Not os-release files: nothing of ours in them. */
	{ "trivy-ubuntu-lsb-release/etc/lsb-release", NULL, NULL, NULL,
	    NULL },
};

static void
test_distros(void)
{
	struct osrel o;
	struct diag d;
	char *data;
	size_t i, len;

	for (i = 0; i < ARRAY_SIZE(distros); i++) {
		data = unit_fixture("os-release", distros[i].path, &len);
		if (data == NULL)
			continue;
		diag_init(&d);
		CHECK_INT(osrel_parse(data, len, &o, &d), 0);
		CHECK_INT(d.nwarn, 0);
		CHECK_STR(o.id, distros[i].id);
		CHECK_STR(o.version_id, distros[i].version_id);
		CHECK_STR(o.id_like, distros[i].id_like);
		CHECK_STR(o.pretty_name, distros[i].pretty);
		if (unit_fail > 0 && d.nwarn > 0)
			fprintf(stderr, "in %s\n", distros[i].path);
		osrel_release(&o);
		free(data);
	}
}

/* A few fields beyond ID and VERSION_ID. */
static void
test_details(void)
{
	struct osrel o;
	struct diag d;
	char *path, *data;
	size_t len;

	path = unit_fixture_path("os-release",
	    "debian12-base-files/usr/lib/os-release");
	if ((data = unit_slurp(path, &len)) != NULL) {
		diag_init(&d);
		CHECK_INT(osrel_parse(data, len, &o, &d), 0);
		CHECK_STR(o.name, "Debian GNU/Linux");
		CHECK_STR(o.version, "12 (bookworm)");
		CHECK_STR(o.version_codename, "bookworm");
		CHECK_STR(o.home_url, "https://www.debian.org/");
		osrel_release(&o);
		free(data);
	}
	free(path);
	path = unit_fixture_path("os-release", "syft-arch/etc/os-release");
	if ((data = unit_slurp(path, &len)) != NULL) {
		diag_init(&d);
		CHECK_INT(osrel_parse(data, len, &o, &d), 0);
		CHECK_STR(o.build_id, "rolling");
		osrel_release(&o);
		free(data);
	}
	free(path);
	path = unit_fixture_path("os-release",
	    "syft-rhel7.3/usr/lib/os-release");
	if ((data = unit_slurp(path, &len)) != NULL) {
		diag_init(&d);
		CHECK_INT(osrel_parse(data, len, &o, &d), 0);
		CHECK_STR(o.cpe_name,
		    "cpe:/o:redhat:enterprise_linux:7.3:GA:server");
		osrel_release(&o);
		free(data);
	}
	free(path);
}

int
main(void)
{
	test_quoting();
	test_malformed();
	test_distros();
	test_details();
	unit_skipped("osrel_test");
	return UNIT_DONE("osrel_test");
}

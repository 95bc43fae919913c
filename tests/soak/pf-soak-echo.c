/*
 *  openvpn-pf soak test: log every ICMP (4) or ICMPv6 (6) echo request
 *  that reaches this network namespace, with the time, source,
 *  destination, interface, identifier and sequence number, so that a
 *  probe which got through the packet filter can be traced (pf-soak.sh).
 *
 *  Copyright (C) 2026 openvpn-pf developers
 *
 *  This program is free software; you can redistribute it and/or modify
 *  it under the terms of the GNU General Public License version 2
 *  as published by the Free Software Foundation.
 *
 *  This program is distributed in the hope that it will be useful,
 *  but WITHOUT ANY WARRANTY; without even the implied warranty of
 *  MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
 *  GNU General Public License for more details.
 *
 *  You should have received a copy of the GNU General Public License along
 *  with this program; if not, write to the Free Software Foundation, Inc.,
 *  51 Franklin Street, Fifth Floor, Boston, MA 02110-1301 USA.
 */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* from <linux/icmp.h>, which clashes with <net/if.h> */
#define RAW_ICMP_FILTER 1
#define ICMP_ECHO_TYPE 8

static void
print_time(void)
{
    struct timespec ts;
    struct tm tm;

    clock_gettime(CLOCK_REALTIME, &ts);
    localtime_r(&ts.tv_sec, &tm);
    printf("%02d:%02d:%02d.%03ld", tm.tm_hour, tm.tm_min, tm.tm_sec,
           ts.tv_nsec / 1000000);
}

/* Where an echo request came from, where it went, on which interface */
struct echo
{
    char src[INET6_ADDRSTRLEN];
    char dst[INET6_ADDRSTRLEN];
    char ifname[IF_NAMESIZE];
};

/* A raw socket that gets only echo requests, with their destination */
static int
open_socket(int family)
{
    const int on = 1;
    int fd;

    if (family == AF_INET)
    {
        const unsigned int filter = ~(1u << ICMP_ECHO_TYPE);   /* bits to drop */

        fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
        if (fd >= 0)
        {
            setsockopt(fd, SOL_RAW, RAW_ICMP_FILTER, &filter, sizeof(filter));
            setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof(on));
        }
    }
    else
    {
        struct icmp6_filter filter;

        ICMP6_FILTER_SETBLOCKALL(&filter);
        ICMP6_FILTER_SETPASS(ICMP6_ECHO_REQUEST, &filter);
        fd = socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6);
        if (fd >= 0)
        {
            setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filter, sizeof(filter));
            setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof(on));
        }
    }
    if (fd < 0)
    {
        perror("socket");
    }
    return fd;
}

/* The destination address and the interface, from IP(V6)_PKTINFO */
static void
read_pktinfo(struct msghdr *msg, struct echo *e)
{
    for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c))
    {
        if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO)
        {
            struct in_pktinfo info;
            memcpy(&info, CMSG_DATA(c), sizeof(info));
            inet_ntop(AF_INET, &info.ipi_addr, e->dst, sizeof(e->dst));
            if_indextoname((unsigned int)info.ipi_ifindex, e->ifname);
        }
        else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO)
        {
            struct in6_pktinfo info;
            memcpy(&info, CMSG_DATA(c), sizeof(info));
            inet_ntop(AF_INET6, &info.ipi6_addr, e->dst, sizeof(e->dst));
            if_indextoname(info.ipi6_ifindex, e->ifname);
        }
    }
}

static int
watch(int family)
{
    const int fd = open_socket(family);

    if (fd < 0)
    {
        return 1;
    }
    while (1)
    {
        unsigned char buf[2048];
        unsigned char control[256];
        struct sockaddr_storage from;
        struct iovec iov = { buf, sizeof(buf) };
        struct msghdr msg = {
            .msg_name = &from, .msg_namelen = sizeof(from),
            .msg_iov = &iov, .msg_iovlen = 1,
            .msg_control = control, .msg_controllen = sizeof(control),
        };
        const ssize_t n = recvmsg(fd, &msg, 0);
        struct echo e = { "?", "?", "?" };

        /* a raw IPv4 socket gets the IP header too */
        const size_t hl = family == AF_INET && n > 0 ? (size_t)(buf[0] & 0x0f) * 4 : 0;
        if (n < (ssize_t)(hl + 8))
        {
            continue;
        }
        if (family == AF_INET)
        {
            inet_ntop(AF_INET, &((struct sockaddr_in *)&from)->sin_addr,
                      e.src, sizeof(e.src));
        }
        else
        {
            inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&from)->sin6_addr,
                      e.src, sizeof(e.src));
        }
        read_pktinfo(&msg, &e);

        /* ICMP and ICMPv6 echo: type, code, checksum, identifier, sequence */
        const unsigned char *icmp = buf + hl;
        print_time();
        printf(" echo%c %s -> %s dev %s id %u seq %u\n",
               family == AF_INET ? '4' : '6', e.src, e.dst, e.ifname,
               (unsigned int)(icmp[4] << 8 | icmp[5]),
               (unsigned int)(icmp[6] << 8 | icmp[7]));
        fflush(stdout);
    }
}

int
main(int argc, char **argv)
{
    if (argc != 2 || (strcmp(argv[1], "4") && strcmp(argv[1], "6")))
    {
        fprintf(stderr, "usage: %s 4|6\n", argv[0]);
        return 2;
    }
    return watch(argv[1][0] == '4' ? AF_INET : AF_INET6);
}

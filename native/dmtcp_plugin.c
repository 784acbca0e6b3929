/*
 * A DMTCP plugin (dmtcp_launch --with-plugin) that decides which files a checkpoint copies, and
 * keeps the JDK's lib/modules out of every checkpoint.
 *
 * Open files: only Open MPI's session files (gone once the job ended, needed by a restart) and
 * jar files (a JVM cannot go on with a jar changed under it; they are small) are copied; any other
 * file is reopened by path on restart, its offset restored, its content not (as in PE). This
 * replaces dmtcp_launch --ckpt-open-files, which copies every file the user owns: as root, the JDK.
 *
 * lib/modules: HotSpot maps that 130 MB read-only file MAP_SHARED ("r--s"); DMTCP copies such a
 * file into the image's _files directory when the process may write it (root), and writes its
 * resident pages into the image otherwise. The file is part of the installed JDK, so there is
 * nothing to save: before the checkpoint the mapping is swapped for an inaccessible anonymous
 * placeholder (which DMTCP saves as a few empty pages and restores at the same address, keeping
 * the range reserved), and after it, on resume or restart, the file is mapped back over it.
 *
 * DMTCP is not a build dependency: the few declarations used are written here from DMTCP 5.0's
 * include/dmtcp.h and include/procmapsarea.h, and pinned by the asserts below.
 */
#define _GNU_SOURCE /* RTLD_NEXT */
#include <dlfcn.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MODULES_SUFFIX "/lib/modules"
#define MAX_AREAS 8
#define PATH_SIZE 1024

/* dmtcp.h: plugin descriptor ABI "4"; the events used are positions in enum eDmtcpEvent. */
#define DMTCP_PLUGIN_API_VERSION "4"
enum { DMTCP_EVENT_PRECHECKPOINT = 16, DMTCP_EVENT_RESUME = 17, DMTCP_EVENT_RESTART = 18 };

typedef struct {
    const char *plugin_api_version;
    const char *dmtcp_version;
    const char *plugin_name;
    const char *author_name;
    const char *author_email;
    const char *description;
    void (*event_hook)(int event, void *data);
} dmtcp_plugin_descriptor;

/* procmapsarea.h: union ProcMapsArea, 4096 bytes; only prot, flags and name are read. */
typedef union {
    struct {
        uint64_t addr, end_addr, size, offset;
        union { int prot; uint64_t prot_slot; };
        union { int flags; uint64_t flags_slot; };
        uint64_t devmajor, devminor, inode;
        int64_t mmap_file_size;
        uint64_t properties;
        char name[PATH_SIZE];
    };
    char padding[4096];
} dmtcp_area;

_Static_assert(offsetof(dmtcp_area, prot) == 32, "ProcMapsArea.prot moved");
_Static_assert(offsetof(dmtcp_area, flags) == 40, "ProcMapsArea.flags moved");
_Static_assert(offsetof(dmtcp_area, name) == 88, "ProcMapsArea.name moved");
_Static_assert(sizeof(dmtcp_area) == 4096, "ProcMapsArea changed size");

void dmtcp_register_plugin(dmtcp_plugin_descriptor descriptor) __attribute__((weak));
void *dmtcp_dlsym(void *handle, const char *symbol) __attribute__((weak));

/* One mapping of lib/modules, and the file's identity, to map the same file back. */
struct modules_area {
    uintptr_t start;
    size_t size;
    off_t offset;
    dev_t dev;
    ino_t inode;
    char path[PATH_SIZE];
};

static struct modules_area areas[MAX_AREAS];
static int n_areas;

static int ends_with(const char *s, const char *suffix);

static int is_modules(const char *path, const char *perms) {
    return strcmp(perms, "r--s") == 0 && ends_with(path, MODULES_SUFFIX);
}

/* Parses one /proc/self/maps line; records it when it maps lib/modules. */
static void consider(const char *line) {
    unsigned long start, end, offset, inode;
    char perms[5], path[PATH_SIZE] = "";
    if (n_areas == MAX_AREAS
        || sscanf(line, "%lx-%lx %4s %lx %*s %lu %1023s", &start, &end, perms, &offset, &inode, path) < 5
        || !is_modules(path, perms)) {
        return;
    }
    struct stat st;
    if (stat(path, &st) != 0 || st.st_ino != inode) {
        return; /* Replaced on disk since it was mapped: leave it to DMTCP. */
    }
    struct modules_area *a = &areas[n_areas++];
    *a = (struct modules_area) {start, end - start, (off_t) offset, st.st_dev, st.st_ino, ""};
    memcpy(a->path, path, sizeof a->path);
}

/* Reads /proc/self/maps with a fixed buffer: no allocation while DMTCP checkpoints. */
static void find_modules_areas(void) {
    static char buf[65536];
    size_t have = 0;
    ssize_t got;
    int fd = (int) syscall(SYS_open, "/proc/self/maps", O_RDONLY);
    n_areas = 0;
    if (fd < 0) {
        return;
    }
    while ((got = read(fd, buf + have, sizeof buf - 1 - have)) > 0) {
        have += (size_t) got;
        buf[have] = '\0';
        char *line = buf;
        char *nl;
        while ((nl = strchr(line, '\n')) != NULL) {
            *nl = '\0';
            consider(line);
            line = nl + 1;
        }
        have = strlen(line);
        memmove(buf, line, have);
    }
    syscall(SYS_close, fd);
}

static void *raw_mmap(uintptr_t addr, size_t size, int prot, int flags, int fd, off_t offset) {
    return (void *) syscall(SYS_mmap, addr, size, prot, flags, fd, offset);
}

static void swap_for_placeholders(void) {
    for (int i = 0; i < n_areas; i++) {
        raw_mmap(areas[i].start, areas[i].size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
    }
}

/* The JVM cannot run without its classes: a missing or different lib/modules ends the process. */
static void map_modules_back(void) {
    for (int i = 0; i < n_areas; i++) {
        struct modules_area *a = &areas[i];
        struct stat st;
        int fd = (int) syscall(SYS_open, a->path, O_RDONLY | O_CLOEXEC);
        if (fd < 0 || fstat(fd, &st) != 0 || st.st_ino != a->inode || st.st_dev != a->dev
            || raw_mmap(a->start, a->size, PROT_READ, MAP_SHARED | MAP_FIXED, fd, a->offset) != (void *) a->start) {
            fprintf(stderr, "jckpt: cannot map %s back after the checkpoint (missing, or another file now);"
                            " restart on a host with the same JDK\n", a->path);
            abort();
        }
        syscall(SYS_close, fd);
    }
}

static void event_hook(int event, void *data) {
    (void) data;
    if (event == DMTCP_EVENT_PRECHECKPOINT) {
        find_modules_areas();
        swap_for_placeholders();
    } else if (event == DMTCP_EVENT_RESUME || event == DMTCP_EVENT_RESTART) {
        map_modules_back();
    }
}

/*
 * Should DMTCP's file plugin look at shared mappings before this plugin's PRECHECKPOINT hook ran
 * (plugins registered in another order), lib/modules is still refused: it would otherwise copy it.
 */
__attribute__((visibility("default"))) int dmtcp_skip_memory_region_ckpting(dmtcp_area *area) {
    char perms[5] = {'r', '-', '-', 's', '\0'};
    return (area->flags & MAP_SHARED) && area->prot == PROT_READ && is_modules(area->name, perms);
}

static int ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s);
    size_t k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Open MPI's session directory: <tmpdir>/ompi.<host>.<uid>/ in 4.x, <tmpdir>/prterun.<host>.<pid>.<uid>/ in 5.x. */
__attribute__((visibility("default"))) int dmtcp_must_ckpt_file(const char *path) {
    return strstr(path, "/ompi.") != NULL || strstr(path, "/prterun.") != NULL || ends_with(path, ".jar");
}

__attribute__((visibility("default"))) void dmtcp_initialize_plugin(void) {
    static const dmtcp_plugin_descriptor descriptor = {
        DMTCP_PLUGIN_API_VERSION, "5.0", "jckpt_modules", "jckpt", "", "keeps the JDK's lib/modules out of checkpoints",
        event_hook};
    if (dmtcp_register_plugin != NULL) {
        dmtcp_register_plugin(descriptor);
    }
    void (*next)(void) = dmtcp_dlsym != NULL ? (void (*)(void)) dmtcp_dlsym(RTLD_NEXT, "dmtcp_initialize_plugin") : NULL;
    if (next != NULL) {
        next();
    }
}

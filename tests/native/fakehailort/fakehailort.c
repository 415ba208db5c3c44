/*
 * A fake libhailort for PiTune's tests: the subset of the HailoRT 4.23 C API PiTune calls, with the real library's
 * struct layouts (written here from PiTune's notes on the header, asserted below), status codes and blocking
 * behaviour, over a tiny text model format of its own instead of a .hef. See README.md beside this file.
 *
 * Build: gcc -std=gnu11 -O2 -Wall -Wextra -Werror -shared -fPIC -pthread -Wl,-soname,libhailort.so.4.23.0
 *        -o libhailort.so.4.23.0 fakehailort.c -lm
 * -DFAKE_HAILORT_VERSION='"4.19.0"' builds a library that reports another version (the version-refusal tests).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifndef FAKE_HAILORT_VERSION
#define FAKE_HAILORT_VERSION "4.23.0"
#endif

#define EXPORT __attribute__((visibility("default")))

/* ---- types, laid out as libhailort 4.21-4.23 lays them out (x86_64 and aarch64) ---- */

typedef int32_t hailo_status;
enum {
    HAILO_SUCCESS = 0, HAILO_INVALID_ARGUMENT = 2, HAILO_OUT_OF_HOST_MEMORY = 3, HAILO_TIMEOUT = 4,
    HAILO_INSUFFICIENT_BUFFER = 5, HAILO_INVALID_OPERATION = 6, HAILO_INTERNAL_FAILURE = 8, HAILO_OPEN_FILE_FAILURE = 13,
    HAILO_INVALID_HEF = 26, HAILO_DRIVER_OPERATION_FAILED = 36, HAILO_NOT_FOUND = 61, HAILO_OUT_OF_FW_MEMORY = 71, HAILO_STREAM_ABORT = 63, HAILO_DRIVER_NOT_INSTALLED = 64,
    HAILO_DEVICE_IN_USE = 73, HAILO_OUT_OF_PHYSICAL_DEVICES = 74, HAILO_INVALID_DRIVER_VERSION = 76,
    HAILO_HEF_FILE_CORRUPTED = 91, HAILO_HEF_NOT_COMPATIBLE_WITH_DEVICE = 93, HAILO_STATUS_COUNT = 94
};

enum { FORMAT_AUTO = 0, FORMAT_UINT8 = 1, FORMAT_UINT16 = 2, FORMAT_FLOAT32 = 3 };
enum { ORDER_AUTO = 0, ORDER_NHWC = 1 };
enum { ARCH_HAILO8_A0 = 0, ARCH_HAILO8 = 1, ARCH_HAILO8L = 2 };
enum { SCHEDULING_NONE = 0, SCHEDULING_ROUND_ROBIN = 1 };
enum { DIRECTION_H2D = 0, DIRECTION_D2H = 1 };

typedef struct { uint32_t major, minor, revision; } hailo_version_t;
typedef struct { char id[32]; } hailo_device_id_t;
typedef struct {
    uint32_t device_count;
    hailo_device_id_t *device_ids;
    int32_t scheduling_algorithm;
    const char *group_id;
    bool multi_process_service;
} hailo_vdevice_params_t;
typedef struct { int32_t type, order, flags; } hailo_format_t;
typedef struct { uint32_t height, width, features; } hailo_3d_image_shape_t;
typedef struct { float qp_zp, qp_scale, limvals_min, limvals_max; } hailo_quant_info_t;
typedef struct { uint32_t number_of_classes, max_bboxes_per_class, max_bboxes_total, max_accumulated_mask_size; } hailo_nms_shape_t;
typedef struct {
    hailo_format_t user_buffer_format;
    uint32_t timeout_ms;
    uint32_t queue_size;
    int32_t vstream_stats_flags;
    int32_t pipeline_elements_stats_flags;
} hailo_vstream_params_t;
typedef struct { char name[128]; hailo_vstream_params_t params; } hailo_input_vstream_params_by_name_t;
typedef struct { char name[128]; hailo_vstream_params_t params; } hailo_output_vstream_params_by_name_t;
typedef struct {
    char name[128];
    char network_name[257];
    int32_t direction;
    hailo_format_t format;
    union { hailo_3d_image_shape_t shape; hailo_nms_shape_t nms_shape; };
    hailo_quant_info_t quant_info;
} hailo_vstream_info_t;
typedef struct { char name[128]; } hailo_layer_name_t;
typedef struct {
    int32_t stream_interface, direction, flags;
    uint32_t union_bytes[17];
} hailo_stream_parameters_t;
typedef struct { char name[128]; hailo_stream_parameters_t stream_params; } hailo_stream_parameters_by_name_t;
typedef struct { char name[257]; uint16_t batch_size; } hailo_network_parameters_by_name_t;
typedef struct {
    char name[128];
    uint16_t batch_size;
    int32_t power_mode;
    int32_t latency;
    size_t stream_params_by_name_count;
    hailo_stream_parameters_by_name_t stream_params_by_name[40];
    size_t network_params_by_name_count;
    hailo_network_parameters_by_name_t network_params_by_name[8];
} hailo_configure_network_group_params_t;
typedef struct {
    size_t network_group_params_count;
    hailo_configure_network_group_params_t network_group_params[8];
} hailo_configure_params_t;
typedef struct {
    uint32_t protocol_version;
    hailo_version_t fw_version;
    uint32_t logger_version;
    uint8_t board_name_length;
    char board_name[32];
    bool is_release;
    bool extended_context_switch_buffer;
    int32_t device_architecture;
    uint8_t serial_number_length;
    char serial_number[16];
    uint8_t part_number_length;
    char part_number[16];
    uint8_t product_name_length;
    char product_name[42];
} hailo_device_identity_t;
typedef struct { float ts0_temperature, ts1_temperature; uint16_t sample_count; } hailo_chip_temperature_info_t;

#define SIZE_AT(T, size, align) \
    _Static_assert(sizeof(T) == (size), #T " size"); _Static_assert(_Alignof(T) == (align), #T " alignment")
#define OFFSET_AT(T, f, off) _Static_assert(offsetof(T, f) == (off), #T "." #f " offset")

SIZE_AT(hailo_version_t, 12, 4);
OFFSET_AT(hailo_version_t, minor, 4); OFFSET_AT(hailo_version_t, revision, 8);
SIZE_AT(hailo_device_id_t, 32, 1);
SIZE_AT(hailo_vdevice_params_t, 40, 8);
OFFSET_AT(hailo_vdevice_params_t, device_ids, 8); OFFSET_AT(hailo_vdevice_params_t, scheduling_algorithm, 16);
OFFSET_AT(hailo_vdevice_params_t, group_id, 24); OFFSET_AT(hailo_vdevice_params_t, multi_process_service, 32);
SIZE_AT(hailo_format_t, 12, 4);
OFFSET_AT(hailo_format_t, order, 4); OFFSET_AT(hailo_format_t, flags, 8);
SIZE_AT(hailo_3d_image_shape_t, 12, 4);
OFFSET_AT(hailo_3d_image_shape_t, width, 4); OFFSET_AT(hailo_3d_image_shape_t, features, 8);
SIZE_AT(hailo_quant_info_t, 16, 4);
OFFSET_AT(hailo_quant_info_t, qp_scale, 4); OFFSET_AT(hailo_quant_info_t, limvals_min, 8);
OFFSET_AT(hailo_quant_info_t, limvals_max, 12);
SIZE_AT(hailo_nms_shape_t, 16, 4);
SIZE_AT(hailo_vstream_params_t, 28, 4);
OFFSET_AT(hailo_vstream_params_t, timeout_ms, 12); OFFSET_AT(hailo_vstream_params_t, queue_size, 16);
OFFSET_AT(hailo_vstream_params_t, vstream_stats_flags, 20);
OFFSET_AT(hailo_vstream_params_t, pipeline_elements_stats_flags, 24);
SIZE_AT(hailo_input_vstream_params_by_name_t, 156, 4);
OFFSET_AT(hailo_input_vstream_params_by_name_t, params, 128);
SIZE_AT(hailo_output_vstream_params_by_name_t, 156, 4);
OFFSET_AT(hailo_output_vstream_params_by_name_t, params, 128);
SIZE_AT(hailo_vstream_info_t, 436, 4);
OFFSET_AT(hailo_vstream_info_t, network_name, 128); OFFSET_AT(hailo_vstream_info_t, direction, 388);
OFFSET_AT(hailo_vstream_info_t, format, 392); OFFSET_AT(hailo_vstream_info_t, shape, 404);
OFFSET_AT(hailo_vstream_info_t, nms_shape, 404); OFFSET_AT(hailo_vstream_info_t, quant_info, 420);
SIZE_AT(hailo_layer_name_t, 128, 1);
SIZE_AT(hailo_stream_parameters_t, 80, 4);
SIZE_AT(hailo_stream_parameters_by_name_t, 208, 4);
SIZE_AT(hailo_network_parameters_by_name_t, 260, 2);
OFFSET_AT(hailo_network_parameters_by_name_t, batch_size, 258);
SIZE_AT(hailo_configure_network_group_params_t, 10560, 8);
OFFSET_AT(hailo_configure_network_group_params_t, batch_size, 128);
OFFSET_AT(hailo_configure_network_group_params_t, power_mode, 132);
OFFSET_AT(hailo_configure_network_group_params_t, latency, 136);
OFFSET_AT(hailo_configure_network_group_params_t, stream_params_by_name_count, 144);
OFFSET_AT(hailo_configure_network_group_params_t, stream_params_by_name, 152);
OFFSET_AT(hailo_configure_network_group_params_t, network_params_by_name_count, 8472);
OFFSET_AT(hailo_configure_network_group_params_t, network_params_by_name, 8480);
SIZE_AT(hailo_configure_params_t, 84488, 8);
OFFSET_AT(hailo_configure_params_t, network_group_params, 8);
SIZE_AT(hailo_device_identity_t, 140, 4);
OFFSET_AT(hailo_device_identity_t, fw_version, 4); OFFSET_AT(hailo_device_identity_t, logger_version, 16);
OFFSET_AT(hailo_device_identity_t, board_name_length, 20); OFFSET_AT(hailo_device_identity_t, board_name, 21);
OFFSET_AT(hailo_device_identity_t, is_release, 53);
OFFSET_AT(hailo_device_identity_t, extended_context_switch_buffer, 54);
OFFSET_AT(hailo_device_identity_t, device_architecture, 56);
OFFSET_AT(hailo_device_identity_t, serial_number_length, 60); OFFSET_AT(hailo_device_identity_t, serial_number, 61);
OFFSET_AT(hailo_device_identity_t, part_number_length, 77); OFFSET_AT(hailo_device_identity_t, part_number, 78);
OFFSET_AT(hailo_device_identity_t, product_name_length, 94); OFFSET_AT(hailo_device_identity_t, product_name, 95);
SIZE_AT(hailo_chip_temperature_info_t, 12, 4);
OFFSET_AT(hailo_chip_temperature_info_t, ts1_temperature, 4);
OFFSET_AT(hailo_chip_temperature_info_t, sample_count, 8);

/* ---- status names (hailo_get_status_message returns the enum's name, as the real library does) ---- */

static const char *const status_names[HAILO_STATUS_COUNT] = {
    "HAILO_SUCCESS", "HAILO_UNINITIALIZED", "HAILO_INVALID_ARGUMENT", "HAILO_OUT_OF_HOST_MEMORY", "HAILO_TIMEOUT",
    "HAILO_INSUFFICIENT_BUFFER", "HAILO_INVALID_OPERATION", "HAILO_NOT_IMPLEMENTED", "HAILO_INTERNAL_FAILURE",
    "HAILO_DATA_ALIGNMENT_FAILURE", "HAILO_CHUNK_TOO_LARGE", "HAILO_INVALID_LOGGER_LEVEL", "HAILO_CLOSE_FAILURE",
    "HAILO_OPEN_FILE_FAILURE", "HAILO_FILE_OPERATION_FAILURE", "HAILO_UNSUPPORTED_CONTROL_PROTOCOL_VERSION",
    "HAILO_UNSUPPORTED_FW_VERSION", "HAILO_INVALID_CONTROL_RESPONSE", "HAILO_FW_CONTROL_FAILURE", "HAILO_ETH_FAILURE",
    "HAILO_ETH_INTERFACE_NOT_FOUND", "HAILO_ETH_RECV_FAILURE", "HAILO_ETH_SEND_FAILURE", "HAILO_INVALID_FIRMWARE",
    "HAILO_INVALID_CONTEXT_COUNT", "HAILO_INVALID_FRAME", "HAILO_INVALID_HEF", "HAILO_PCIE_NOT_SUPPORTED_ON_PLATFORM",
    "HAILO_INTERRUPTED_BY_SIGNAL", "HAILO_START_VDMA_CHANNEL_FAIL", "HAILO_SYNC_VDMA_BUFFER_FAIL",
    "HAILO_STOP_VDMA_CHANNEL_FAIL", "HAILO_CLOSE_VDMA_CHANNEL_FAIL", "HAILO_ATR_TABLES_CONF_VALIDATION_FAIL",
    "HAILO_EVENT_CREATE_FAIL", "HAILO_READ_EVENT_FAIL", "HAILO_DRIVER_OPERATION_FAILED", "HAILO_INVALID_FIRMWARE_MAGIC",
    "HAILO_INVALID_FIRMWARE_CODE_SIZE", "HAILO_INVALID_KEY_CERTIFICATE_SIZE", "HAILO_INVALID_CONTENT_CERTIFICATE_SIZE",
    "HAILO_MISMATCHING_FIRMWARE_BUFFER_SIZES", "HAILO_INVALID_FIRMWARE_CPU_ID", "HAILO_CONTROL_RESPONSE_MD5_MISMATCH",
    "HAILO_GET_CONTROL_RESPONSE_FAIL", "HAILO_GET_D2H_EVENT_MESSAGE_FAIL", "HAILO_MUTEX_INIT_FAIL",
    "HAILO_OUT_OF_DESCRIPTORS", "HAILO_UNSUPPORTED_OPCODE", "HAILO_USER_MODE_RATE_LIMITER_NOT_SUPPORTED",
    "HAILO_RATE_LIMIT_MAXIMUM_BANDWIDTH_EXCEEDED", "HAILO_ANSI_TO_UTF16_CONVERSION_FAILED",
    "HAILO_UTF16_TO_ANSI_CONVERSION_FAILED", "HAILO_UNEXPECTED_INTERFACE_INFO_FAILURE",
    "HAILO_UNEXPECTED_ARP_TABLE_FAILURE", "HAILO_MAC_ADDRESS_NOT_FOUND", "HAILO_NO_IPV4_INTERFACES_FOUND",
    "HAILO_SHUTDOWN_EVENT_SIGNALED", "HAILO_THREAD_ALREADY_ACTIVATED", "HAILO_THREAD_NOT_ACTIVATED",
    "HAILO_THREAD_NOT_JOINABLE", "HAILO_NOT_FOUND", "HAILO_COMMUNICATION_CLOSED", "HAILO_STREAM_ABORT",
    "HAILO_DRIVER_NOT_INSTALLED", "HAILO_NOT_AVAILABLE", "HAILO_TRAFFIC_CONTROL_FAILURE", "HAILO_INVALID_SECOND_STAGE",
    "HAILO_INVALID_PIPELINE", "HAILO_NETWORK_GROUP_NOT_ACTIVATED", "HAILO_VSTREAM_PIPELINE_NOT_ACTIVATED",
    "HAILO_OUT_OF_FW_MEMORY", "HAILO_STREAM_NOT_ACTIVATED", "HAILO_DEVICE_IN_USE", "HAILO_OUT_OF_PHYSICAL_DEVICES",
    "HAILO_INVALID_DEVICE_ARCHITECTURE", "HAILO_INVALID_DRIVER_VERSION", "HAILO_RPC_FAILED",
    "HAILO_INVALID_SERVICE_VERSION", "HAILO_NOT_SUPPORTED", "HAILO_NMS_BURST_INVALID_DATA",
    "HAILO_OUT_OF_HOST_CMA_MEMORY", "HAILO_QUEUE_IS_FULL", "HAILO_DMA_MAPPING_ALREADY_EXISTS",
    "HAILO_CANT_MEET_BUFFER_REQUIREMENTS", "HAILO_DRIVER_INVALID_RESPONSE", "HAILO_DRIVER_INVALID_IOCTL",
    "HAILO_DRIVER_TIMEOUT", "HAILO_DRIVER_INTERRUPTED", "HAILO_CONNECTION_REFUSED", "HAILO_DRIVER_WAIT_CANCELED",
    "HAILO_HEF_FILE_CORRUPTED", "HAILO_HEF_NOT_SUPPORTED", "HAILO_HEF_NOT_COMPATIBLE_WITH_DEVICE",
};
_Static_assert(sizeof(status_names) / sizeof(status_names[0]) == 94, "94 statuses");

EXPORT const char *hailo_get_status_message(hailo_status status)
{
    return status >= 0 && status < HAILO_STATUS_COUNT ? status_names[status] : NULL;
}

/* ---- the control directory: switches a test changes while the library runs ---- */

static pthread_mutex_t control_lock = PTHREAD_MUTEX_INITIALIZER;
static char control_dir[4096];
static bool control_dir_set;

EXPORT void fake_hailort_set_control_dir(const char *dir)
{
    pthread_mutex_lock(&control_lock);
    control_dir_set = dir != NULL && dir[0] != '\0';
    snprintf(control_dir, sizeof control_dir, "%s", control_dir_set ? dir : "");
    pthread_mutex_unlock(&control_lock);
}

static bool control_path(const char *name, char *path, size_t size)
{
    pthread_mutex_lock(&control_lock);
    if (!control_dir_set) {
        const char *env = getenv("FAKE_HAILORT_CONTROL");
        if (env != NULL && env[0] != '\0') {
            snprintf(control_dir, sizeof control_dir, "%s", env);
            control_dir_set = true;
        }
    }
    bool set = control_dir_set;
    if (set) snprintf(path, size, "%s/%s", control_dir, name);
    pthread_mutex_unlock(&control_lock);
    return set;
}

/* The first line of a control file, without its newline; false when the directory or the file is absent. */
static bool control_read(const char *name, char *value, size_t size)
{
    char path[4200];
    if (!control_path(name, path, sizeof path)) return false;
    FILE *f = fopen(path, "r");
    if (f == NULL) return false;
    bool ok = fgets(value, (int)size, f) != NULL;
    fclose(f);
    if (!ok) value[0] = '\0';
    value[strcspn(value, "\r\n")] = '\0';
    return true;
}

static bool control_exists(const char *name)
{
    char value[8];
    return control_read(name, value, sizeof value);
}

static bool mode_is(const char *mode)
{
    char value[64];
    return control_read("mode", value, sizeof value) && strcmp(value, mode) == 0;
}

static int device_architecture(void)
{
    char value[64];
    if (control_read("architecture", value, sizeof value) && strcmp(value, "HAILO8") == 0) return ARCH_HAILO8;
    return ARCH_HAILO8L;
}

static _Atomic uint64_t frames_processed;

EXPORT uint64_t fake_hailort_frames_processed(void) { return frames_processed; }

/* Only when the test asked for the count (the file exists): rewriting it costs more than the fake's whole frame. */
static void control_write_frames(uint64_t count)
{
    char path[4200], tmp[4300];
    if (!control_path("frames-processed", path, sizeof path) || access(path, F_OK) != 0) return;
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)pthread_self());
    FILE *f = fopen(tmp, "w");
    if (f == NULL) return;
    fprintf(f, "%llu\n", (unsigned long long)count);
    fclose(f);
    rename(tmp, path);
}

/* ---- library version ---- */

EXPORT hailo_status hailo_get_library_version(hailo_version_t *version)
{
    if (version == NULL) return HAILO_INVALID_ARGUMENT;
    char value[64];
    if (!control_read("version", value, sizeof value)) snprintf(value, sizeof value, "%s", FAKE_HAILORT_VERSION);
    unsigned major = 0, minor = 0, revision = 0;
    if (sscanf(value, "%u.%u.%u", &major, &minor, &revision) != 3) return HAILO_INTERNAL_FAILURE;
    version->major = major;
    version->minor = minor;
    version->revision = revision;
    return HAILO_SUCCESS;
}

/* ---- the fake model ---- */

#define MAX_STREAMS 8
enum { OP_ADD = 0, OP_XOR = 1, OP_SUM = 2 };

typedef struct {
    char name[128];
    uint32_t height, width, features;
    float zp, scale;
    int op, arg;
} fake_stream;

typedef struct {
    char group[128];
    int architecture;
    size_t n_inputs, n_outputs;
    fake_stream inputs[MAX_STREAMS], outputs[MAX_STREAMS];
} fake_model;

struct _hailo_hef { fake_model model; };
typedef struct _hailo_hef *hailo_hef;

static size_t stream_elements(const fake_stream *s) { return (size_t)s->height * s->width * s->features; }

static hailo_status parse_stream(char *rest, fake_stream *s, bool output)
{
    char op[16] = "";
    int n = sscanf(rest, "%127s %u %u %u %f %f %15s %d", s->name, &s->height, &s->width, &s->features, &s->zp,
                   &s->scale, op, &s->arg);
    if (n < 6 || s->height == 0 || s->width == 0 || s->features == 0 || !(s->scale > 0)) return HAILO_HEF_FILE_CORRUPTED;
    if (!output) return n == 6 ? HAILO_SUCCESS : HAILO_HEF_FILE_CORRUPTED;
    if (n == 8 && strcmp(op, "add") == 0) s->op = OP_ADD;
    else if (n == 8 && strcmp(op, "xor") == 0) s->op = OP_XOR;
    else if (n == 7 && strcmp(op, "sum") == 0) s->op = OP_SUM;
    else return HAILO_HEF_FILE_CORRUPTED;
    return HAILO_SUCCESS;
}

static hailo_status parse_model(FILE *f, fake_model *m)
{
    char line[512];
    memset(m, 0, sizeof *m);
    if (fgets(line, sizeof line, f) == NULL || strncmp(line, "FAKEHEF 1", 9) != 0) return HAILO_INVALID_HEF;
    m->architecture = -1;
    while (fgets(line, sizeof line, f) != NULL) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '\0' || line[0] == '#') continue;
        char *rest = strchr(line, ' ');
        if (rest == NULL) return HAILO_HEF_FILE_CORRUPTED;
        *rest++ = '\0';
        if (strcmp(line, "architecture") == 0) {
            if (strcmp(rest, "HAILO8") == 0) m->architecture = ARCH_HAILO8;
            else if (strcmp(rest, "HAILO8L") == 0) m->architecture = ARCH_HAILO8L;
            else return HAILO_HEF_FILE_CORRUPTED;
        } else if (strcmp(line, "group") == 0) {
            if (sscanf(rest, "%127s", m->group) != 1) return HAILO_HEF_FILE_CORRUPTED;
        } else if (strcmp(line, "input") == 0 && m->n_inputs < MAX_STREAMS) {
            hailo_status s = parse_stream(rest, &m->inputs[m->n_inputs++], false);
            if (s != HAILO_SUCCESS) return s;
        } else if (strcmp(line, "output") == 0 && m->n_outputs < MAX_STREAMS) {
            hailo_status s = parse_stream(rest, &m->outputs[m->n_outputs++], true);
            if (s != HAILO_SUCCESS) return s;
        } else {
            return HAILO_HEF_FILE_CORRUPTED;
        }
    }
    if (m->architecture < 0 || m->group[0] == '\0' || m->n_inputs == 0 || m->n_outputs == 0) return HAILO_HEF_FILE_CORRUPTED;
    return HAILO_SUCCESS;
}

EXPORT hailo_status hailo_create_hef_file(hailo_hef *hef, const char *path)
{
    if (hef == NULL || path == NULL) return HAILO_INVALID_ARGUMENT;
    FILE *f = fopen(path, "r");
    if (f == NULL) return HAILO_OPEN_FILE_FAILURE;
    struct _hailo_hef *h = calloc(1, sizeof *h);
    if (h == NULL) { fclose(f); return HAILO_OUT_OF_HOST_MEMORY; }
    hailo_status s = parse_model(f, &h->model);
    fclose(f);
    if (s != HAILO_SUCCESS) { free(h); return s; }
    *hef = h;
    return HAILO_SUCCESS;
}

EXPORT hailo_status hailo_release_hef(hailo_hef hef)
{
    if (hef == NULL) return HAILO_INVALID_ARGUMENT;
    free(hef);
    return HAILO_SUCCESS;
}

EXPORT hailo_status hailo_hef_get_sorted_output_names(hailo_hef hef, const char *group, hailo_layer_name_t *names,
                                                     size_t *count)
{
    if (hef == NULL || count == NULL) return HAILO_INVALID_ARGUMENT;
    if (group != NULL && strcmp(group, hef->model.group) != 0) return HAILO_NOT_FOUND;
    if (*count < hef->model.n_outputs || names == NULL) { *count = hef->model.n_outputs; return HAILO_INSUFFICIENT_BUFFER; }
    for (size_t i = 0; i < hef->model.n_outputs; i++) snprintf(names[i].name, sizeof names[i].name, "%s", hef->model.outputs[i].name);
    *count = hef->model.n_outputs;
    return HAILO_SUCCESS;
}

/* ---- devices: one chip, claimed by the first vdevice unless shared through the (pretend) service ---- */

struct _hailo_device { int unused; };
typedef struct _hailo_device *hailo_device;
static struct _hailo_device the_chip;

typedef struct _hailo_configured_network_group *hailo_configured_network_group;

struct _hailo_vdevice {
    _Atomic bool dead;               /* open when the chip went away: stays dead after it is back (see chip_gone) */
    bool multi_process_service;
    bool scheduler;
    char group_id[128];
    hailo_configured_network_group groups[32];
    size_t n_groups;
};
typedef struct _hailo_vdevice *hailo_vdevice;

static pthread_mutex_t claim_lock = PTHREAD_MUTEX_INITIALIZER;
static int claims;
static bool claim_shared;
static char claim_group[128];

static const char unique_group[] = "UNIQUE";

/* Guards every vdevice's list of network groups (Configure may run on several threads at once). */
static pthread_mutex_t groups_lock = PTHREAD_MUTEX_INITIALIZER;
static hailo_vdevice live_vdevices[64]; /* under groups_lock: for fake_hailort_network_settings */
static size_t n_live_vdevices;
static _Atomic uint64_t vdevices_created;

EXPORT uint64_t fake_hailort_vdevices_created(void) { return vdevices_created; }

/* The chip went away under vdevice (mode "gone"), now or before: a chip that was removed, reset or had its driver
 * reloaded does not come back to the handles opened before, so every vdevice live when the loss is seen is dead for
 * good and only a vdevice created afresh works once the mode is cleared. */
static bool chip_gone(hailo_vdevice vdevice)
{
    if (mode_is("gone")) {
        pthread_mutex_lock(&groups_lock);
        for (size_t i = 0; i < n_live_vdevices; i++) live_vdevices[i]->dead = true;
        pthread_mutex_unlock(&groups_lock);
        return true;
    }
    return vdevice != NULL && vdevice->dead;
}

EXPORT hailo_status hailo_init_vdevice_params(hailo_vdevice_params_t *params)
{
    if (params == NULL) return HAILO_INVALID_ARGUMENT;
    memset(params, 0, sizeof *params);
    params->device_count = 1;
    params->scheduling_algorithm = SCHEDULING_ROUND_ROBIN;
    params->group_id = unique_group;
    return HAILO_SUCCESS;
}

EXPORT hailo_status hailo_create_vdevice(const hailo_vdevice_params_t *params, hailo_vdevice *vdevice)
{
    if (vdevice == NULL) return HAILO_INVALID_ARGUMENT;
    hailo_vdevice_params_t p;
    if (params != NULL) p = *params; else hailo_init_vdevice_params(&p);
    bool named = p.device_ids != NULL;
    if (mode_is("no-driver")) return HAILO_DRIVER_NOT_INSTALLED;
    if (mode_is("no-device") || mode_is("gone")) return HAILO_OUT_OF_PHYSICAL_DEVICES;
    if (mode_is("driver-version")) return HAILO_INVALID_DRIVER_VERSION;
    if (mode_is("busy")) return named ? HAILO_DEVICE_IN_USE : HAILO_OUT_OF_PHYSICAL_DEVICES;
    if (p.multi_process_service) {
        if (mode_is("no-service")) return HAILO_INVALID_OPERATION;
        if (p.scheduling_algorithm == SCHEDULING_NONE) return HAILO_INVALID_ARGUMENT;
    }
    const char *group = p.group_id != NULL ? p.group_id : unique_group;
    bool shareable = p.multi_process_service && strcmp(group, unique_group) != 0;

    pthread_mutex_lock(&claim_lock);
    if (claims > 0 && !(shareable && claim_shared && strcmp(group, claim_group) == 0)) {
        pthread_mutex_unlock(&claim_lock);
        return named ? HAILO_DEVICE_IN_USE : HAILO_OUT_OF_PHYSICAL_DEVICES;
    }
    struct _hailo_vdevice *v = calloc(1, sizeof *v);
    if (v == NULL) { pthread_mutex_unlock(&claim_lock); return HAILO_OUT_OF_HOST_MEMORY; }
    v->multi_process_service = p.multi_process_service;
    v->scheduler = p.scheduling_algorithm != SCHEDULING_NONE;
    snprintf(v->group_id, sizeof v->group_id, "%s", group);
    if (claims++ == 0) {
        claim_shared = shareable;
        snprintf(claim_group, sizeof claim_group, "%s", group);
    }
    pthread_mutex_unlock(&claim_lock);
    pthread_mutex_lock(&groups_lock);
    if (n_live_vdevices < sizeof live_vdevices / sizeof live_vdevices[0]) live_vdevices[n_live_vdevices++] = v;
    pthread_mutex_unlock(&groups_lock);
    vdevices_created++;
    *vdevice = v;
    return HAILO_SUCCESS;
}

EXPORT hailo_status hailo_scan_devices(void *scan_params, hailo_device_id_t *ids, size_t *count)
{
    if (scan_params != NULL || count == NULL) return HAILO_INVALID_ARGUMENT;
    size_t found = mode_is("no-device") || mode_is("no-driver") || mode_is("gone") ? 0 : 1;
    if (*count < found || (found > 0 && ids == NULL)) { *count = found; return HAILO_INSUFFICIENT_BUFFER; }
    if (found > 0) snprintf(ids[0].id, sizeof ids[0].id, "0000:01:00.0");
    *count = found;
    return HAILO_SUCCESS;
}

EXPORT hailo_status hailo_get_physical_devices(hailo_vdevice vdevice, hailo_device *devices, size_t *count)
{
    if (vdevice == NULL || count == NULL) return HAILO_INVALID_ARGUMENT;
    if (*count < 1 || devices == NULL) { *count = 1; return HAILO_INSUFFICIENT_BUFFER; }
    devices[0] = &the_chip;
    *count = 1;
    return HAILO_SUCCESS;
}

static void fill_string(char *dst, size_t capacity, uint8_t *length, const char *src)
{
    /* The real library copies only *length bytes and leaves the rest as it was: garbage, never a NUL. */
    memset(dst, 0xA5, capacity);
    size_t n = strlen(src);
    memcpy(dst, src, n);
    *length = (uint8_t)n;
}

EXPORT hailo_status hailo_identify(hailo_device device, hailo_device_identity_t *identity)
{
    if (device == NULL || identity == NULL) return HAILO_INVALID_ARGUMENT;
    memset(identity, 0, sizeof *identity);
    identity->protocol_version = 2;
    identity->fw_version = (hailo_version_t){4, 23, 0};
    identity->is_release = true;
    int arch = device_architecture();
    identity->device_architecture = arch;
    fill_string(identity->board_name, sizeof identity->board_name, &identity->board_name_length, "Hailo-8");
    fill_string(identity->serial_number, sizeof identity->serial_number, &identity->serial_number_length, "FAKE0001");
    fill_string(identity->part_number, sizeof identity->part_number, &identity->part_number_length,
                arch == ARCH_HAILO8 ? "HM218B1C2FAE" : "HM21LB1C2LAE");
    fill_string(identity->product_name, sizeof identity->product_name, &identity->product_name_length,
                arch == ARCH_HAILO8 ? "HAILO-8 AI ACC M.2 M KEY" : "HAILO-8L AI ACC M.2 B+M KEY");
    return HAILO_SUCCESS;
}

EXPORT hailo_status hailo_get_chip_temperature(hailo_device device, hailo_chip_temperature_info_t *info)
{
    if (device == NULL || info == NULL) return HAILO_INVALID_ARGUMENT;
    char value[128];
    float ts0 = 45.5f, ts1 = 47.25f;
    if (control_read("temperature", value, sizeof value) && sscanf(value, "%f %f", &ts0, &ts1) != 2) return HAILO_INTERNAL_FAILURE;
    memset(info, 0, sizeof *info);
    info->ts0_temperature = ts0;
    info->ts1_temperature = ts1;
    info->sample_count = 1;
    return HAILO_SUCCESS;
}

/* ---- network groups and vstreams ---- */

typedef struct fake_output fake_output;

struct _hailo_configured_network_group {
    fake_model model;
    hailo_vdevice vdevice;
    uint16_t batch_size;
    uint32_t scheduler_timeout_ms, scheduler_threshold;
    uint8_t scheduler_priority;
    pthread_mutex_t lock;            /* guards outputs[] */
    fake_output *outputs[MAX_STREAMS];
};

/* An output vstream: a bounded queue of device (UINT8) frames between the device and the reader. */
struct fake_output {
    hailo_configured_network_group group;
    const fake_stream *stream;
    int user_type;
    uint32_t timeout_ms, capacity;
    pthread_mutex_t lock;
    pthread_cond_t not_empty, not_full;
    uint8_t *slots;
    uint32_t head, count;
    bool released;
};
struct _hailo_output_vstream { fake_output out; };
typedef struct _hailo_output_vstream *hailo_output_vstream;

struct _hailo_input_vstream {
    hailo_configured_network_group group;
    const fake_stream *stream;
    size_t index;
    int user_type;
    uint32_t timeout_ms;
    uint8_t *device_frame;
    uint8_t *held;                   /* frames written while stalled, delivered late */
    size_t n_held;
};
typedef struct _hailo_input_vstream *hailo_input_vstream;

EXPORT hailo_status hailo_release_vdevice(hailo_vdevice vdevice)
{
    if (vdevice == NULL) return HAILO_INVALID_ARGUMENT;
    pthread_mutex_lock(&groups_lock);
    for (size_t i = 0; i < n_live_vdevices; i++)
        if (live_vdevices[i] == vdevice) live_vdevices[i--] = live_vdevices[--n_live_vdevices];
    pthread_mutex_unlock(&groups_lock);
    for (size_t i = 0; i < vdevice->n_groups; i++) {
        pthread_mutex_destroy(&vdevice->groups[i]->lock);
        free(vdevice->groups[i]);
    }
    free(vdevice);
    pthread_mutex_lock(&claim_lock);
    claims--;
    pthread_mutex_unlock(&claim_lock);
    return HAILO_SUCCESS;
}

EXPORT hailo_status hailo_init_configure_params_by_vdevice(hailo_hef hef, hailo_vdevice vdevice,
                                                          hailo_configure_params_t *params)
{
    if (hef == NULL || vdevice == NULL || params == NULL) return HAILO_INVALID_ARGUMENT;
    params->network_group_params_count = 1;
    hailo_configure_network_group_params_t *g = &params->network_group_params[0];
    memset(g, 0, sizeof *g);
    snprintf(g->name, sizeof g->name, "%s", hef->model.group);
    g->stream_params_by_name_count = hef->model.n_inputs + hef->model.n_outputs;
    for (size_t i = 0; i < g->stream_params_by_name_count; i++) {
        bool in = i < hef->model.n_inputs;
        const fake_stream *s = in ? &hef->model.inputs[i] : &hef->model.outputs[i - hef->model.n_inputs];
        snprintf(g->stream_params_by_name[i].name, sizeof g->stream_params_by_name[i].name, "%s", s->name);
        g->stream_params_by_name[i].stream_params.direction = in ? DIRECTION_H2D : DIRECTION_D2H;
    }
    g->network_params_by_name_count = 1;
    snprintf(g->network_params_by_name[0].name, sizeof g->network_params_by_name[0].name, "%s/%s", hef->model.group,
             hef->model.group);
    return HAILO_SUCCESS;
}

EXPORT hailo_status hailo_configure_vdevice(hailo_vdevice vdevice, hailo_hef hef, const hailo_configure_params_t *params,
                                           hailo_configured_network_group *groups, size_t *count)
{
    if (vdevice == NULL || hef == NULL || count == NULL) return HAILO_INVALID_ARGUMENT;
    if (*count < 1 || groups == NULL) { *count = 1; return HAILO_INSUFFICIENT_BUFFER; }
    uint16_t batch = 0;
    if (params != NULL) {
        if (params->network_group_params_count != 1 || strcmp(params->network_group_params[0].name, hef->model.group) != 0)
            return HAILO_NOT_FOUND;
        batch = params->network_group_params[0].batch_size;
    }
    if (chip_gone(vdevice)) return HAILO_DRIVER_OPERATION_FAILED;
    int arch = device_architecture();
    if (arch == ARCH_HAILO8L && hef->model.architecture != ARCH_HAILO8L) return HAILO_HEF_NOT_COMPATIBLE_WITH_DEVICE;
    pthread_mutex_lock(&groups_lock);
    if (vdevice->n_groups == sizeof vdevice->groups / sizeof vdevice->groups[0]) {
        pthread_mutex_unlock(&groups_lock);
        return HAILO_OUT_OF_FW_MEMORY;
    }
    struct _hailo_configured_network_group *g = calloc(1, sizeof *g);
    if (g == NULL) { pthread_mutex_unlock(&groups_lock); return HAILO_OUT_OF_HOST_MEMORY; }
    g->model = hef->model;
    g->vdevice = vdevice;
    g->batch_size = batch;
    g->scheduler_priority = 16;
    pthread_mutex_init(&g->lock, NULL);
    vdevice->groups[vdevice->n_groups++] = g;
    pthread_mutex_unlock(&groups_lock);
    groups[0] = g;
    *count = 1;
    return HAILO_SUCCESS;
}

/* ---- scheduler knobs ---- */

EXPORT hailo_status hailo_set_scheduler_timeout(hailo_configured_network_group group, uint32_t timeout_ms,
                                               const char *network_name)
{
    if (group == NULL || network_name != NULL) return HAILO_INVALID_ARGUMENT;
    if (!group->vdevice->scheduler) return HAILO_INVALID_OPERATION;
    group->scheduler_timeout_ms = timeout_ms;
    return HAILO_SUCCESS;
}

EXPORT hailo_status hailo_set_scheduler_threshold(hailo_configured_network_group group, uint32_t threshold,
                                                 const char *network_name)
{
    if (group == NULL || network_name != NULL) return HAILO_INVALID_ARGUMENT;
    if (!group->vdevice->scheduler) return HAILO_INVALID_OPERATION;
    group->scheduler_threshold = threshold;
    return HAILO_SUCCESS;
}

EXPORT hailo_status hailo_set_scheduler_priority(hailo_configured_network_group group, uint8_t priority,
                                                const char *network_name)
{
    if (group == NULL || network_name != NULL || priority > 31) return HAILO_INVALID_ARGUMENT;
    if (!group->vdevice->scheduler) return HAILO_INVALID_OPERATION;
    group->scheduler_priority = priority;
    return HAILO_SUCCESS;
}

/* What a network group was configured with, for tests: the newest live group of that name. */
EXPORT hailo_status fake_hailort_network_settings(const char *group_name, uint16_t *batch_size, uint32_t *timeout_ms,
                                                 uint32_t *threshold, uint8_t *priority)
{
    hailo_status result = HAILO_NOT_FOUND;
    pthread_mutex_lock(&groups_lock);
    for (size_t i = 0; i < n_live_vdevices; i++) {
        hailo_vdevice v = live_vdevices[i];
        for (size_t j = 0; j < v->n_groups; j++) {
            hailo_configured_network_group g = v->groups[j];
            if (strcmp(g->model.group, group_name) != 0) continue;
            *batch_size = g->batch_size;
            *timeout_ms = g->scheduler_timeout_ms;
            *threshold = g->scheduler_threshold;
            *priority = g->scheduler_priority;
            result = HAILO_SUCCESS;
        }
    }
    pthread_mutex_unlock(&groups_lock);
    return result;
}

/* ---- vstream parameters ---- */

static void sorted_by_name(const fake_stream *streams, size_t n, size_t *order)
{
    for (size_t i = 0; i < n; i++) order[i] = i;
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && strcmp(streams[order[j - 1]].name, streams[order[j]].name) > 0; j--) {
            size_t t = order[j]; order[j] = order[j - 1]; order[j - 1] = t;
        }
}

static hailo_status make_params(const fake_stream *streams, size_t n, int format_type, char *base, size_t stride,
                                size_t *count)
{
    if (count == NULL) return HAILO_INVALID_ARGUMENT;
    if (*count < n || base == NULL) { *count = n; return HAILO_INSUFFICIENT_BUFFER; }
    size_t order[MAX_STREAMS];
    sorted_by_name(streams, n, order);
    for (size_t i = 0; i < n; i++) {
        hailo_input_vstream_params_by_name_t *p = (hailo_input_vstream_params_by_name_t *)(base + i * stride);
        memset(p, 0, sizeof *p);
        snprintf(p->name, sizeof p->name, "%s", streams[order[i]].name);
        p->params.user_buffer_format.type = format_type;
        p->params.user_buffer_format.order = ORDER_AUTO;
        p->params.timeout_ms = 10000;
        p->params.queue_size = 2;
    }
    *count = n;
    return HAILO_SUCCESS;
}

EXPORT hailo_status hailo_make_input_vstream_params(hailo_configured_network_group group, bool unused, int32_t format_type,
                                                   hailo_input_vstream_params_by_name_t *params, size_t *count)
{
    (void)unused;
    if (group == NULL) return HAILO_INVALID_ARGUMENT;
    return make_params(group->model.inputs, group->model.n_inputs, format_type, (char *)params, sizeof *params, count);
}

EXPORT hailo_status hailo_make_output_vstream_params(hailo_configured_network_group group, bool unused, int32_t format_type,
                                                    hailo_output_vstream_params_by_name_t *params, size_t *count)
{
    (void)unused;
    if (group == NULL) return HAILO_INVALID_ARGUMENT;
    return make_params(group->model.outputs, group->model.n_outputs, format_type, (char *)params, sizeof *params, count);
}

static int find_stream(const fake_stream *streams, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++) if (strncmp(streams[i].name, name, 128) == 0) return (int)i;
    return -1;
}

static hailo_status user_type(int32_t requested, int *type)
{
    if (requested == FORMAT_AUTO || requested == FORMAT_UINT8) { *type = FORMAT_UINT8; return HAILO_SUCCESS; }
    if (requested == FORMAT_FLOAT32) { *type = FORMAT_FLOAT32; return HAILO_SUCCESS; }
    return HAILO_INVALID_ARGUMENT; /* the fake's device type is UINT8; UINT16 user buffers are not modelled */
}

static size_t user_frame_bytes(const fake_stream *s, int type) { return stream_elements(s) * (type == FORMAT_FLOAT32 ? 4 : 1); }

/* ---- vstreams ---- */

EXPORT hailo_status hailo_release_input_vstreams(const hailo_input_vstream *vstreams, size_t count)
{
    if (vstreams == NULL && count > 0) return HAILO_INVALID_ARGUMENT;
    for (size_t i = 0; i < count; i++) {
        if (vstreams[i] == NULL) continue;
        free(vstreams[i]->device_frame);
        free(vstreams[i]->held);
        free(vstreams[i]);
    }
    return HAILO_SUCCESS;
}

EXPORT hailo_status hailo_create_input_vstreams(hailo_configured_network_group group,
                                               const hailo_input_vstream_params_by_name_t *params, size_t count,
                                               hailo_input_vstream *vstreams)
{
    if (group == NULL || params == NULL || vstreams == NULL || count == 0) return HAILO_INVALID_ARGUMENT;
    for (size_t i = 0; i < count; i++) vstreams[i] = NULL;
    if (chip_gone(group->vdevice)) return HAILO_DRIVER_OPERATION_FAILED;
    for (size_t i = 0; i < count; i++) {
        int index = find_stream(group->model.inputs, group->model.n_inputs, params[i].name);
        hailo_status s = index < 0 ? HAILO_NOT_FOUND : HAILO_SUCCESS;
        int type = 0;
        if (s == HAILO_SUCCESS) s = user_type(params[i].params.user_buffer_format.type, &type);
        if (s == HAILO_SUCCESS && params[i].params.queue_size == 0) s = HAILO_INVALID_ARGUMENT;
        struct _hailo_input_vstream *v = s == HAILO_SUCCESS ? calloc(1, sizeof *v) : NULL;
        if (s == HAILO_SUCCESS && v == NULL) s = HAILO_OUT_OF_HOST_MEMORY;
        if (s != HAILO_SUCCESS) { hailo_release_input_vstreams(vstreams, i); return s; }
        v->group = group;
        v->stream = &group->model.inputs[index];
        v->index = (size_t)index;
        v->user_type = type;
        v->timeout_ms = params[i].params.timeout_ms;
        v->device_frame = malloc(stream_elements(v->stream));
        vstreams[i] = v;
    }
    return HAILO_SUCCESS;
}

EXPORT hailo_status hailo_release_output_vstreams(const hailo_output_vstream *vstreams, size_t count)
{
    if (vstreams == NULL && count > 0) return HAILO_INVALID_ARGUMENT;
    for (size_t i = 0; i < count; i++) {
        if (vstreams[i] == NULL) continue;
        fake_output *o = &vstreams[i]->out;
        pthread_mutex_lock(&o->group->lock);
        for (size_t j = 0; j < MAX_STREAMS; j++) if (o->group->outputs[j] == o) o->group->outputs[j] = NULL;
        pthread_mutex_unlock(&o->group->lock);
        pthread_cond_destroy(&o->not_empty);
        pthread_cond_destroy(&o->not_full);
        pthread_mutex_destroy(&o->lock);
        free(o->slots);
        free(vstreams[i]);
    }
    return HAILO_SUCCESS;
}

EXPORT hailo_status hailo_create_output_vstreams(hailo_configured_network_group group,
                                                const hailo_output_vstream_params_by_name_t *params, size_t count,
                                                hailo_output_vstream *vstreams)
{
    if (group == NULL || params == NULL || vstreams == NULL || count == 0) return HAILO_INVALID_ARGUMENT;
    for (size_t i = 0; i < count; i++) vstreams[i] = NULL;
    if (chip_gone(group->vdevice)) return HAILO_DRIVER_OPERATION_FAILED;
    for (size_t i = 0; i < count; i++) {
        int index = find_stream(group->model.outputs, group->model.n_outputs, params[i].name);
        hailo_status s = index < 0 ? HAILO_NOT_FOUND : HAILO_SUCCESS;
        int type = 0;
        if (s == HAILO_SUCCESS) s = user_type(params[i].params.user_buffer_format.type, &type);
        if (s == HAILO_SUCCESS && params[i].params.queue_size == 0) s = HAILO_INVALID_ARGUMENT;
        if (s == HAILO_SUCCESS) {
            pthread_mutex_lock(&group->lock);
            if (group->outputs[index] != NULL) s = HAILO_INVALID_OPERATION; /* that output already has a vstream */
            pthread_mutex_unlock(&group->lock);
        }
        struct _hailo_output_vstream *v = s == HAILO_SUCCESS ? calloc(1, sizeof *v) : NULL;
        if (s == HAILO_SUCCESS && v == NULL) s = HAILO_OUT_OF_HOST_MEMORY;
        if (s != HAILO_SUCCESS) { hailo_release_output_vstreams(vstreams, i); return s; }
        fake_output *o = &v->out;
        o->group = group;
        o->stream = &group->model.outputs[index];
        o->user_type = type;
        o->timeout_ms = params[i].params.timeout_ms;
        o->capacity = params[i].params.queue_size;
        o->slots = malloc(stream_elements(o->stream) * o->capacity);
        pthread_mutex_init(&o->lock, NULL);
        pthread_condattr_t attr;
        pthread_condattr_init(&attr);
        pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
        pthread_cond_init(&o->not_empty, &attr);
        pthread_cond_init(&o->not_full, &attr);
        pthread_condattr_destroy(&attr);
        pthread_mutex_lock(&group->lock);
        group->outputs[index] = o;
        pthread_mutex_unlock(&group->lock);
        vstreams[i] = v;
    }
    return HAILO_SUCCESS;
}

EXPORT hailo_status hailo_get_input_vstream_frame_size(hailo_input_vstream vstream, size_t *size)
{
    if (vstream == NULL || size == NULL) return HAILO_INVALID_ARGUMENT;
    *size = user_frame_bytes(vstream->stream, vstream->user_type);
    return HAILO_SUCCESS;
}

EXPORT hailo_status hailo_get_output_vstream_frame_size(hailo_output_vstream vstream, size_t *size)
{
    if (vstream == NULL || size == NULL) return HAILO_INVALID_ARGUMENT;
    *size = user_frame_bytes(vstream->out.stream, vstream->out.user_type);
    return HAILO_SUCCESS;
}

static void fill_info(const fake_model *m, const fake_stream *s, int direction, hailo_vstream_info_t *info)
{
    memset(info, 0, sizeof *info);
    snprintf(info->name, sizeof info->name, "%s", s->name);
    snprintf(info->network_name, sizeof info->network_name, "%s/%s", m->group, m->group);
    info->direction = direction;
    info->format.type = FORMAT_UINT8;
    info->format.order = ORDER_NHWC;
    info->shape.height = s->height;
    info->shape.width = s->width;
    info->shape.features = s->features;
    info->quant_info.qp_zp = s->zp;
    info->quant_info.qp_scale = s->scale;
    info->quant_info.limvals_min = (0.0f - s->zp) * s->scale;
    info->quant_info.limvals_max = (255.0f - s->zp) * s->scale;
}

EXPORT hailo_status hailo_get_input_vstream_info(hailo_input_vstream vstream, hailo_vstream_info_t *info)
{
    if (vstream == NULL || info == NULL) return HAILO_INVALID_ARGUMENT;
    fill_info(&vstream->group->model, vstream->stream, DIRECTION_H2D, info);
    return HAILO_SUCCESS;
}

EXPORT hailo_status hailo_get_output_vstream_info(hailo_output_vstream vstream, hailo_vstream_info_t *info)
{
    if (vstream == NULL || info == NULL) return HAILO_INVALID_ARGUMENT;
    fill_info(&vstream->out.group->model, vstream->out.stream, DIRECTION_D2H, info);
    return HAILO_SUCCESS;
}

static void deadline_after(uint32_t timeout_ms, struct timespec *deadline)
{
    clock_gettime(CLOCK_MONOTONIC, deadline);
    deadline->tv_sec += timeout_ms / 1000;
    deadline->tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (deadline->tv_nsec >= 1000000000L) { deadline->tv_sec++; deadline->tv_nsec -= 1000000000L; }
}

/* Waits on cond until ready() or the timeout (0xFFFFFFFF = forever); false on timeout. */
#define WAIT_UNTIL(cond_expr, cv, mutex, timeout_ms, timed_out)                                   \
    do {                                                                                          \
        struct timespec deadline_;                                                                \
        if ((timeout_ms) != UINT32_MAX) deadline_after((timeout_ms), &deadline_);                 \
        (timed_out) = false;                                                                      \
        while (!(cond_expr)) {                                                                    \
            int rc_ = (timeout_ms) == UINT32_MAX ? pthread_cond_wait((cv), (mutex))               \
                                                 : pthread_cond_timedwait((cv), (mutex), &deadline_); \
            if (rc_ == ETIMEDOUT && !(cond_expr)) { (timed_out) = true; break; }                  \
        }                                                                                         \
    } while (0)

static uint8_t quantize(float f, float zp, float scale)
{
    float q = rintf(f / scale + zp);
    if (!(q >= 0.0f)) return 0; /* also NaN */
    return q > 255.0f ? 255 : (uint8_t)q;
}

static void run_op(const fake_stream *out, const uint8_t *in, size_t n_in, uint8_t *dst)
{
    size_t n = stream_elements(out);
    if (out->op == OP_SUM) {
        unsigned sum = 0;
        for (size_t i = 0; i < n_in; i++) sum += in[i];
        for (size_t i = 0; i < n; i++) dst[i] = (uint8_t)(sum + i);
    } else if (out->op == OP_XOR) {
        for (size_t i = 0; i < n; i++) dst[i] = (uint8_t)(in[i % n_in] ^ (unsigned)out->arg);
    } else {
        for (size_t i = 0; i < n; i++) dst[i] = (uint8_t)(in[i % n_in] + (unsigned)out->arg);
    }
}

static void frame_delay(void)
{
    char value[64];
    long us;
    if (!control_read("frame-delay-us", value, sizeof value) || (us = atol(value)) <= 0) return;
    struct timespec t = { us / 1000000L, (us % 1000000L) * 1000L };
    while (nanosleep(&t, &t) != 0 && errno == EINTR) { }
}

/* The device's answer to one frame: each output's op, queued for its reader (waiting for room up to timeout_ms). */
static hailo_status deliver(hailo_input_vstream vstream, const uint8_t *frame)
{
    size_t n = stream_elements(vstream->stream);
    hailo_configured_network_group g = vstream->group;
    hailo_status result = HAILO_SUCCESS;
    pthread_mutex_lock(&g->lock);
    for (size_t i = 0; i < g->model.n_outputs && result == HAILO_SUCCESS; i++) {
        fake_output *o = g->outputs[i];
        if (o == NULL) continue; /* no vstream on that output: its results are dropped */
        pthread_mutex_lock(&o->lock);
        bool timed_out;
        WAIT_UNTIL(o->count < o->capacity, &o->not_full, &o->lock, vstream->timeout_ms, timed_out);
        if (timed_out) {
            result = HAILO_TIMEOUT;
        } else {
            size_t bytes = stream_elements(o->stream);
            run_op(o->stream, frame, n, o->slots + ((o->head + o->count) % o->capacity) * bytes);
            o->count++;
            pthread_cond_signal(&o->not_empty);
        }
        pthread_mutex_unlock(&o->lock);
    }
    pthread_mutex_unlock(&g->lock);
    if (result == HAILO_SUCCESS) control_write_frames(++frames_processed);
    return result;
}

EXPORT hailo_status hailo_vstream_write_raw_buffer(hailo_input_vstream vstream, const void *buffer, size_t size)
{
    if (vstream == NULL || buffer == NULL) return HAILO_INVALID_ARGUMENT;
    const fake_stream *s = vstream->stream;
    if (size != user_frame_bytes(s, vstream->user_type)) return HAILO_INVALID_ARGUMENT;
    if (chip_gone(vstream->group->vdevice)) return HAILO_DRIVER_OPERATION_FAILED;
    size_t n = stream_elements(s);
    if (vstream->user_type == FORMAT_FLOAT32) {
        const float *f = buffer;
        for (size_t i = 0; i < n; i++) vstream->device_frame[i] = quantize(f[i], s->zp, s->scale);
    } else {
        memcpy(vstream->device_frame, buffer, n);
    }
    if (vstream->index != 0) return HAILO_SUCCESS; /* the fake's outputs are functions of the first input only */
    frame_delay();
    if (control_exists("stall")) {
        /* The device holds the frame and answers late: it comes out before the next frame written unstalled. */
        uint8_t *held = realloc(vstream->held, (vstream->n_held + 1) * n);
        if (held == NULL) return HAILO_OUT_OF_HOST_MEMORY;
        memcpy(held + vstream->n_held * n, vstream->device_frame, n);
        vstream->held = held;
        vstream->n_held++;
        return HAILO_SUCCESS;
    }
    for (size_t i = 0; i < vstream->n_held; i++) {
        hailo_status delivered = deliver(vstream, vstream->held + i * n);
        if (delivered != HAILO_SUCCESS) return delivered;
    }
    vstream->n_held = 0;
    return deliver(vstream, vstream->device_frame);
}

EXPORT hailo_status hailo_vstream_read_raw_buffer(hailo_output_vstream vstream, void *buffer, size_t size)
{
    if (vstream == NULL || buffer == NULL) return HAILO_INVALID_ARGUMENT;
    fake_output *o = &vstream->out;
    if (size != user_frame_bytes(o->stream, o->user_type)) return HAILO_INVALID_ARGUMENT;
    size_t n = stream_elements(o->stream);
    pthread_mutex_lock(&o->lock);
    if (o->count == 0 && chip_gone(o->group->vdevice)) {
        pthread_mutex_unlock(&o->lock);
        return HAILO_DRIVER_OPERATION_FAILED;
    }
    if (o->count == 0) {
        /* A stalled device sends nothing: the read times out, at once unless the stall file says "wait" (then after
         * timeout_ms, as the real library does), so a test can stall a network whose timeout stays long. */
        char stall[16];
        if (control_read("stall", stall, sizeof stall) && strcmp(stall, "wait") != 0) {
            pthread_mutex_unlock(&o->lock);
            return HAILO_TIMEOUT;
        }
    }
    bool timed_out;
    WAIT_UNTIL(o->count > 0, &o->not_empty, &o->lock, o->timeout_ms, timed_out);
    if (timed_out) { pthread_mutex_unlock(&o->lock); return HAILO_TIMEOUT; }
    const uint8_t *q = o->slots + o->head * n;
    if (o->user_type == FORMAT_FLOAT32) {
        float *f = buffer;
        for (size_t i = 0; i < n; i++) f[i] = ((float)q[i] - o->stream->zp) * o->stream->scale;
    } else {
        memcpy(buffer, q, n);
    }
    o->head = (o->head + 1) % o->capacity;
    o->count--;
    pthread_cond_signal(&o->not_full);
    pthread_mutex_unlock(&o->lock);
    return HAILO_SUCCESS;
}

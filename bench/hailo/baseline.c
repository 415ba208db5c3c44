/*
 * The C baseline for bench/hailo: the same libhailort calls with the same thread layout as PiTune's HailoNetwork.Run
 * (the caller writes a batch one frame per call while one long-lived thread per output reads it back, woken per batch
 * and waited for), so that PiTune's own cost per frame is HailoNetwork.Run's time minus this one's.
 *
 * usage: baseline MODEL BATCH BATCHES ROUNDS   prints one line per round: "c <ns per frame>"
 * Declares only the functions and structs it calls (sizes from libhailort 4.23's header, as in fakehailort.c).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef int32_t hailo_status;
typedef void *handle;
typedef struct { uint32_t device_count; void *device_ids; int32_t scheduling_algorithm; const char *group_id; bool multi_process_service; } vdevice_params;
typedef struct { int32_t type, order, flags; } format;
typedef struct { char name[128]; struct { format user_buffer_format; uint32_t timeout_ms, queue_size; int32_t s1, s2; } params; } vstream_params;
_Static_assert(sizeof(vdevice_params) == 40, "hailo_vdevice_params_t");
_Static_assert(sizeof(vstream_params) == 156, "hailo_*_vstream_params_by_name_t");

hailo_status hailo_init_vdevice_params(vdevice_params *);
hailo_status hailo_create_vdevice(const vdevice_params *, handle *);
hailo_status hailo_release_vdevice(handle);
hailo_status hailo_create_hef_file(handle *, const char *);
hailo_status hailo_release_hef(handle);
hailo_status hailo_configure_vdevice(handle, handle, const void *, handle *, size_t *);
hailo_status hailo_make_input_vstream_params(handle, bool, int32_t, vstream_params *, size_t *);
hailo_status hailo_make_output_vstream_params(handle, bool, int32_t, vstream_params *, size_t *);
hailo_status hailo_create_input_vstreams(handle, const vstream_params *, size_t, handle *);
hailo_status hailo_create_output_vstreams(handle, const vstream_params *, size_t, handle *);
hailo_status hailo_release_input_vstreams(const handle *, size_t);
hailo_status hailo_release_output_vstreams(const handle *, size_t);
hailo_status hailo_get_input_vstream_frame_size(handle, size_t *);
hailo_status hailo_get_output_vstream_frame_size(handle, size_t *);
hailo_status hailo_vstream_write_raw_buffer(handle, const void *, size_t);
hailo_status hailo_vstream_read_raw_buffer(handle, void *, size_t);

#define FLOAT32 3
#define MAX_OUT 8
#define CHECK(call) do { hailo_status s_ = (call); if (s_ != 0) { fprintf(stderr, "%s: %d\n", #call, s_); exit(1); } } while (0)

typedef struct {
    pthread_t thread;
    handle vstream;
    size_t frame_bytes;
    uint8_t *buffer;
    int frames;
    sem_t go;
    sem_t *done;
    volatile bool stop;
} reader;

static void *read_loop(void *arg)
{
    reader *r = arg;
    for (;;) {
        sem_wait(&r->go);
        if (r->stop) return NULL;
        for (int i = 0; i < r->frames; i++)
            CHECK(hailo_vstream_read_raw_buffer(r->vstream, r->buffer + (size_t)i * r->frame_bytes, r->frame_bytes));
        sem_post(r->done);
    }
}

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

int main(int argc, char **argv)
{
    if (argc != 5) { fprintf(stderr, "usage: baseline MODEL BATCH BATCHES ROUNDS\n"); return 2; }
    int batch = atoi(argv[2]), batches = atoi(argv[3]), rounds = atoi(argv[4]);

    vdevice_params vp;
    handle vdevice, hef, group;
    CHECK(hailo_init_vdevice_params(&vp));
    CHECK(hailo_create_vdevice(&vp, &vdevice));
    CHECK(hailo_create_hef_file(&hef, argv[1]));
    size_t groups = 1;
    CHECK(hailo_configure_vdevice(vdevice, hef, NULL, &group, &groups));

    vstream_params in_params[1], out_params[MAX_OUT];
    size_t n_in = 1, n_out = MAX_OUT;
    CHECK(hailo_make_input_vstream_params(group, false, FLOAT32, in_params, &n_in));
    CHECK(hailo_make_output_vstream_params(group, false, FLOAT32, out_params, &n_out));
    in_params[0].params.timeout_ms = 30000;
    for (size_t i = 0; i < n_out; i++) out_params[i].params.timeout_ms = 30000;
    handle input, outputs[MAX_OUT];
    CHECK(hailo_create_input_vstreams(group, in_params, 1, &input));
    CHECK(hailo_create_output_vstreams(group, out_params, n_out, outputs));

    size_t in_bytes;
    CHECK(hailo_get_input_vstream_frame_size(input, &in_bytes));
    uint8_t *in_buffer = calloc((size_t)batch, in_bytes);
    sem_t done;
    sem_init(&done, 0, 0);
    reader readers[MAX_OUT];
    for (size_t i = 0; i < n_out; i++) {
        reader *r = &readers[i];
        memset(r, 0, sizeof *r);
        r->vstream = outputs[i];
        CHECK(hailo_get_output_vstream_frame_size(outputs[i], &r->frame_bytes));
        r->buffer = calloc((size_t)batch, r->frame_bytes);
        r->frames = batch;
        r->done = &done;
        sem_init(&r->go, 0, 0);
        pthread_create(&r->thread, NULL, read_loop, r);
    }

    for (int round = -1; round < rounds; round++) { /* round -1 warms up */
        double start = now_ns();
        for (int b = 0; b < batches; b++) {
            for (size_t i = 0; i < n_out; i++) sem_post(&readers[i].go);
            for (int f = 0; f < batch; f++)
                CHECK(hailo_vstream_write_raw_buffer(input, in_buffer + (size_t)f * in_bytes, in_bytes));
            for (size_t i = 0; i < n_out; i++) sem_wait(&done);
        }
        double per_frame = (now_ns() - start) / ((double)batches * batch);
        if (round >= 0) printf("c %.0f\n", per_frame);
        fflush(stdout);
    }

    for (size_t i = 0; i < n_out; i++) { readers[i].stop = true; sem_post(&readers[i].go); pthread_join(readers[i].thread, NULL); }
    CHECK(hailo_release_output_vstreams(outputs, n_out));
    CHECK(hailo_release_input_vstreams(&input, 1));
    CHECK(hailo_release_hef(hef));
    CHECK(hailo_release_vdevice(vdevice));
    return 0;
}

/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libzx: Zircon status codes.  Names and values are Fuchsia's
 * (zx library, errors.fidl); the text of each comment is ours.
 */
#ifndef ZIRCON_ERRORS_H_
#define ZIRCON_ERRORS_H_

/* Success. */
#define ZX_OK (0)

/* Unspecified failure inside the system. */
#define ZX_ERR_INTERNAL (-1)
/* Not implemented, not supported or not enabled. */
#define ZX_ERR_NOT_SUPPORTED (-2)
/* A resource other than memory could not be allocated. */
#define ZX_ERR_NO_RESOURCES (-3)
/* Memory could not be allocated. */
#define ZX_ERR_NO_MEMORY (-4)
/* Interrupted call to be retried; never visible outside the vDSO. */
#define ZX_ERR_INTERNAL_INTR_RETRY (-6)

/* An argument is invalid (e.g. a NULL pointer where none is allowed). */
#define ZX_ERR_INVALID_ARGS (-10)
/* The handle value does not name a handle. */
#define ZX_ERR_BAD_HANDLE (-11)
/* The object is of the wrong type for the operation. */
#define ZX_ERR_WRONG_TYPE (-12)
/* No such system call. */
#define ZX_ERR_BAD_SYSCALL (-13)
/* An argument lies outside the valid range. */
#define ZX_ERR_OUT_OF_RANGE (-14)
/* The caller's buffer is too small. */
#define ZX_ERR_BUFFER_TOO_SMALL (-15)

/* The object's state does not allow the operation. */
#define ZX_ERR_BAD_STATE (-20)
/* The deadline passed first. */
#define ZX_ERR_TIMED_OUT (-21)
/* Try again once a prerequisite holds. */
#define ZX_ERR_SHOULD_WAIT (-22)
/* The operation (e.g. a wait) was canceled. */
#define ZX_ERR_CANCELED (-23)
/* The peer of the object was closed. */
#define ZX_ERR_PEER_CLOSED (-24)
/* The requested entity does not exist. */
#define ZX_ERR_NOT_FOUND (-25)
/* An object with that identity already exists. */
#define ZX_ERR_ALREADY_EXISTS (-26)
/* The entity is owned or controlled by someone else. */
#define ZX_ERR_ALREADY_BOUND (-27)
/* The subject cannot perform the operation right now. */
#define ZX_ERR_UNAVAILABLE (-28)

/* The caller lacks the permission or right. */
#define ZX_ERR_ACCESS_DENIED (-30)

/* I/O errors. */
#define ZX_ERR_IO (-40)
#define ZX_ERR_IO_REFUSED (-41)
#define ZX_ERR_IO_DATA_INTEGRITY (-42)
#define ZX_ERR_IO_DATA_LOSS (-43)
#define ZX_ERR_IO_NOT_PRESENT (-44)
#define ZX_ERR_IO_OVERRUN (-45)
#define ZX_ERR_IO_MISSED_DEADLINE (-46)
#define ZX_ERR_IO_INVALID (-47)

/* Filesystem errors. */
#define ZX_ERR_BAD_PATH (-50)
#define ZX_ERR_NOT_DIR (-51)
#define ZX_ERR_NOT_FILE (-52)
#define ZX_ERR_FILE_BIG (-53)
#define ZX_ERR_NO_SPACE (-54)
#define ZX_ERR_NOT_EMPTY (-55)

/* Flow control values for callbacks; never returned by a system call. */
#define ZX_ERR_STOP (-60)
#define ZX_ERR_NEXT (-61)
#define ZX_ERR_ASYNC (-62)

/* Network errors. */
#define ZX_ERR_PROTOCOL_NOT_SUPPORTED (-70)
#define ZX_ERR_ADDRESS_UNREACHABLE (-71)
#define ZX_ERR_ADDRESS_IN_USE (-72)
#define ZX_ERR_NOT_CONNECTED (-73)
#define ZX_ERR_CONNECTION_REFUSED (-74)
#define ZX_ERR_CONNECTION_RESET (-75)
#define ZX_ERR_CONNECTION_ABORTED (-76)

/* A task was killed during the call; never visible outside the vDSO. */
#define ZX_ERR_INTERNAL_INTR_KILLED (-502)

#endif /* ZIRCON_ERRORS_H_ */

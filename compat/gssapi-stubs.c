#include <stdint.h>

/*
 * libgit2's HTTP "Negotiate" authentication calls GSSAPI, which Debian
 * ships only as a shared library with five more behind it.  The static
 * link answers those calls here instead: every one fails (GSS_S_FAILURE),
 * so that authentication method is simply unavailable, which changes
 * nothing for a program that never lets libgit2 talk HTTP.
 */
typedef uint32_t OM_uint32;
#define GSS_S_FAILURE (13u << 16)

void *GSS_C_NT_HOSTBASED_SERVICE;

OM_uint32 gss_init_sec_context(OM_uint32 *minor, void *cred, void **context, void *target,
			       void *mech, OM_uint32 flags, OM_uint32 time, void *bindings,
			       void *input, void **actual_mech, void *output,
			       OM_uint32 *ret_flags, OM_uint32 *ret_time);
OM_uint32 gss_delete_sec_context(OM_uint32 *minor, void **context, void *output);
OM_uint32 gss_import_name(OM_uint32 *minor, void *buffer, void *type, void **name);
OM_uint32 gss_release_name(OM_uint32 *minor, void **name);
OM_uint32 gss_release_buffer(OM_uint32 *minor, void *buffer);
OM_uint32 gss_indicate_mechs(OM_uint32 *minor, void **mechs);
OM_uint32 gss_release_oid_set(OM_uint32 *minor, void **set);
OM_uint32 gss_display_status(OM_uint32 *minor, OM_uint32 status, int type, void *mech,
			     OM_uint32 *context, void *output);

OM_uint32 gss_init_sec_context(OM_uint32 *minor, void *cred, void **context, void *target,
			       void *mech, OM_uint32 flags, OM_uint32 time, void *bindings,
			       void *input, void **actual_mech, void *output,
			       OM_uint32 *ret_flags, OM_uint32 *ret_time)
{
	*minor = 0;
	return GSS_S_FAILURE;
}

OM_uint32 gss_delete_sec_context(OM_uint32 *minor, void **context, void *output)
{
	*minor = 0;
	return GSS_S_FAILURE;
}

OM_uint32 gss_import_name(OM_uint32 *minor, void *buffer, void *type, void **name)
{
	*minor = 0;
	return GSS_S_FAILURE;
}

OM_uint32 gss_release_name(OM_uint32 *minor, void **name)
{
	*minor = 0;
	return GSS_S_FAILURE;
}

OM_uint32 gss_release_buffer(OM_uint32 *minor, void *buffer)
{
	*minor = 0;
	return GSS_S_FAILURE;
}

OM_uint32 gss_indicate_mechs(OM_uint32 *minor, void **mechs)
{
	*minor = 0;
	return GSS_S_FAILURE;
}

OM_uint32 gss_release_oid_set(OM_uint32 *minor, void **set)
{
	*minor = 0;
	return GSS_S_FAILURE;
}

OM_uint32 gss_display_status(OM_uint32 *minor, OM_uint32 status, int type, void *mech,
			     OM_uint32 *context, void *output)
{
	*minor = 0;
	return GSS_S_FAILURE;
}

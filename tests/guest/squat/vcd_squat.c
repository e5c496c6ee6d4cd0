// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A test module that takes the misc device name "crypto", as a loaded
 * cryptodev-linux does, so that tests/guest/probe.t can show that our
 * driver still binds, with /dev/cryptodevN only.  It does nothing else.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>

static const struct file_operations vcd_squat_fops = {
	.owner = THIS_MODULE,
};

static struct miscdevice vcd_squat = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "crypto",
	.fops = &vcd_squat_fops,
};

static int __init vcd_squat_init(void)
{
	return misc_register(&vcd_squat);
}

static void __exit vcd_squat_exit(void)
{
	misc_deregister(&vcd_squat);
}

module_init(vcd_squat_init);
module_exit(vcd_squat_exit);

MODULE_DESCRIPTION("virtio-cryptodev tests: a misc device named crypto");
MODULE_LICENSE("GPL");

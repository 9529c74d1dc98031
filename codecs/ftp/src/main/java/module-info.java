/** FTP client and a small FTP server on coros. */
module io.shrapnel.codecs.ftp {
    requires transitive io.shrapnel.net;

    exports io.shrapnel.codecs.ftp;
}

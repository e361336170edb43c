package io.streamplane.oca.serve;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import jdk.incubator.foreign.CLinker;
import jdk.incubator.foreign.FunctionDescriptor;
import jdk.incubator.foreign.MemoryAccess;
import jdk.incubator.foreign.MemoryAddress;
import jdk.incubator.foreign.MemorySegment;
import jdk.incubator.foreign.ResourceScope;
import org.xnio.StreamConnection;

/**
 * {@code setsockopt(fd, IPPROTO_TCP, TCP_CORK, &value, 4)} (and {@code getsockopt} to read it back) through the JDK 17
 * foreign-function incubator.
 */
final class ForeignSetsockopt implements TcpCork.Native {

  private static final int IPPROTO_TCP = 6;
  private static final int TCP_CORK = 3;

  private final MethodHandle setsockopt;
  private final MethodHandle getsockopt;
  private final MemorySegment on;
  private final MemorySegment off;
  private final Method channelOf;
  private final Method descriptorOf;

  ForeignSetsockopt() throws ReflectiveOperationException {
    setsockopt = CLinker.getInstance().downcallHandle(
        CLinker.systemLookup().lookup("setsockopt").orElseThrow(),
        MethodType.methodType(int.class, int.class, int.class, int.class, MemoryAddress.class, int.class),
        FunctionDescriptor.of(CLinker.C_INT, CLinker.C_INT, CLinker.C_INT, CLinker.C_INT, CLinker.C_POINTER,
            CLinker.C_INT));
    getsockopt = CLinker.getInstance().downcallHandle(
        CLinker.systemLookup().lookup("getsockopt").orElseThrow(),
        MethodType.methodType(int.class, int.class, int.class, int.class, MemoryAddress.class, MemoryAddress.class),
        FunctionDescriptor.of(CLinker.C_INT, CLinker.C_INT, CLinker.C_INT, CLinker.C_INT, CLinker.C_POINTER,
            CLinker.C_POINTER));
    // Read-only option values, shared by every thread for the life of the process.
    on = MemorySegment.allocateNative(4, ResourceScope.globalScope());
    MemoryAccess.setInt(on, 1);
    off = MemorySegment.allocateNative(4, ResourceScope.globalScope());
    MemoryAccess.setInt(off, 0);
    channelOf = Class.forName("org.xnio.nio.NioSocketStreamConnection").getDeclaredMethod("getChannel");
    channelOf.setAccessible(true);
    Class<?> selectable = Class.forName("sun.nio.ch.SelChImpl");
    if (!selectable.getModule().isExported(selectable.getPackageName(), ForeignSetsockopt.class.getModule())) {
      throw new IllegalAccessException("java.base does not export sun.nio.ch to the appliance");
    }
    descriptorOf = selectable.getMethod("getFDVal");
  }

  @Override
  public int descriptorOf(StreamConnection connection) {
    if (!channelOf.getDeclaringClass().isInstance(connection)) {
      return -1;  // TLS or another transport: the socket is not written directly
    }
    try {
      return (int) descriptorOf.invoke(channelOf.invoke(connection));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return -1;
    }
  }

  @Override
  public boolean setCork(int descriptor, boolean cork) {
    try {
      return (int) setsockopt.invokeExact(descriptor, IPPROTO_TCP, TCP_CORK, (cork ? on : off).address(), 4) == 0;
    } catch (Throwable e) {
      return false;
    }
  }

  @Override
  public boolean isCorked(int descriptor) {
    try (ResourceScope scope = ResourceScope.newConfinedScope()) {
      MemorySegment value = MemorySegment.allocateNative(4, scope);
      MemorySegment length = MemorySegment.allocateNative(4, scope);
      MemoryAccess.setInt(length, 4);
      int result = (int) getsockopt.invokeExact(descriptor, IPPROTO_TCP, TCP_CORK, value.address(), length.address());
      return result == 0 && MemoryAccess.getInt(value) != 0;
    } catch (Throwable e) {
      return false;
    }
  }
}
